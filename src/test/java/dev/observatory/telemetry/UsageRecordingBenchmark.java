package dev.observatory.telemetry;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import dev.observatory.common.trace.Traces;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.tracing.Tracer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.postgresql.ds.PGSimpleDataSource;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpRequest;
import org.springframework.http.HttpStatus;
import org.springframework.http.client.ClientHttpRequestExecution;
import org.springframework.http.client.ClientHttpResponse;
import org.springframework.mock.http.client.MockClientHttpResponse;
import org.springframework.util.unit.DataSize;

/**
 * The caller-side cost of recording a provider call: the same HTTP exchange with and without the
 * recording interceptor (the exchange itself is a canned response, so the difference is the
 * interceptor's added work: timing, the event, its id, trace id, metadata filter, the queue offer).
 * No span is active, so each event also generates its trace id: the worst case. Instead of the
 * database writer, a thread empties the queue every millisecond and parks in between, as the real
 * writer blocks on the queue and then on the database; events live about as long as in production
 * and the caller never meets a full queue.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class UsageRecordingBenchmark {

	private UsagePipeline pipeline;

	private UsageRecordingInterceptor interceptor;

	private HttpRequest request;

	private ClientHttpRequestExecution execution;

	private final byte[] body = new byte[0];

	private volatile boolean draining;

	private Thread drainer;

	@Setup(Level.Trial)
	public void setUp() throws IOException {
		TelemetryProperties properties = new TelemetryProperties(20_000_000, 5_000, Duration.ofMillis(200),
				DataSize.ofMegabytes(1), Duration.ofSeconds(5), Duration.ofDays(30), 1, Duration.ofMinutes(1),
				Duration.ofHours(1), UsageBatchWriter.InsertMethod.COPY);
		UsageSpool spool = new UsageSpool(Files.createTempDirectory("usage-bench-spool"), properties.spoolMaxSize().toBytes(),
				JsonMapper.builder().build());
		UsageBatchWriter unused = new UsageBatchWriter(new PGSimpleDataSource(), new UsagePartitions(),
				JsonMapper.builder().build(), UsageBatchWriter.InsertMethod.COPY);
		this.pipeline = new UsagePipeline(unused, spool, properties, Clock.systemUTC(), new SimpleMeterRegistry());
		UsageRecorder recorder = new UsageRecorder(this.pipeline, new Traces(Tracer.NOOP), Clock.systemUTC());
		this.interceptor = new UsageRecordingInterceptor(ProviderKey.POLYGON, recorder);
		Map<String, Object> attributes = new HashMap<>();
		attributes.put(OutboundClients.ENDPOINT, "polygon.last_trade");
		attributes.put(OutboundClients.METADATA, Map.of("symbol_count", 1, "dataset", "XNAS.ITCH"));
		this.request = new CannedRequest(attributes);
		MockClientHttpResponse response = new MockClientHttpResponse(new byte[0], HttpStatus.OK);
		this.execution = (request, body) -> response;
		this.draining = true;
		this.drainer = Thread.ofPlatform().daemon(true).start(() -> {
			while (this.draining) {
				this.pipeline.discardQueued();
				LockSupport.parkNanos(1_000_000);
			}
		});
	}

	@TearDown(Level.Trial)
	public void stopDrainer() throws InterruptedException {
		this.draining = false;
		this.drainer.join();
	}

	@Benchmark
	public ClientHttpResponse exchangeWithoutRecording() throws IOException {
		return this.execution.execute(this.request, this.body);
	}

	@Benchmark
	public ClientHttpResponse exchangeWithRecording() throws IOException {
		return this.interceptor.intercept(this.request, this.body, this.execution);
	}

	private record CannedRequest(Map<String, Object> attributes) implements HttpRequest {

		@Override
		public HttpMethod getMethod() {
			return HttpMethod.GET;
		}

		@Override
		public URI getURI() {
			return URI.create("http://127.0.0.1/v2/last/trade/SPY");
		}

		@Override
		public Map<String, Object> getAttributes() {
			return this.attributes;
		}

		@Override
		public HttpHeaders getHeaders() {
			return HttpHeaders.EMPTY;
		}

	}

}
