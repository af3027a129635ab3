package dev.observatory.telemetry;

import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

import dev.observatory.common.time.Ids;
import dev.observatory.common.trace.Traces;
import org.jspecify.annotations.Nullable;

import org.springframework.stereotype.Component;

/**
 * Records provider calls as usage events. HTTP clients from {@link OutboundClients} call it through
 * their interceptor; clients of other protocols (SMTP, JDBC verify, TCP feeds, WebSockets) wrap each
 * call, or each batch of stream messages, in {@link #call}. Recording costs the caller an id, a
 * clock read and a queue offer; the database is written later, in batches.
 */
@Component
public class UsageRecorder {

	private final UsagePipeline pipeline;

	private final Traces traces;

	private final Clock clock;

	UsageRecorder(UsagePipeline pipeline, Traces traces, Clock clock) {
		this.pipeline = pipeline;
		this.traces = traces;
		this.clock = clock;
	}

	/**
	 * Records one finished call. The bot and account come from the {@link CallingContext}; metadata
	 * passes through the {@link SafeMetadata} allow-list.
	 */
	public void record(ProviderKey provider, String endpointName, UsageStatus status, @Nullable Integer httpStatus,
			long latencyNanos, Map<String, ?> metadata) {
		this.pipeline.offer(new UsageEvent(Ids.newId(), provider, endpointName, CallingContext.botId(),
				CallingContext.accountId(), status, httpStatus,
				(int) Math.min(Integer.MAX_VALUE, TimeUnit.NANOSECONDS.toMillis(latencyNanos)),
				// PostgreSQL keeps microseconds: the stored created_at is then exactly the recorded one.
				this.clock.instant().truncatedTo(ChronoUnit.MICROS),
				this.traces.currentTraceId(), SafeMetadata.filter(metadata)));
	}

	/** Runs a non-HTTP call and records it: OK when it returns, classified by its failure when it throws. */
	public <T> T call(ProviderKey provider, String endpointName, Map<String, ?> metadata, Callable<T> work)
			throws Exception {
		long started = System.nanoTime();
		try {
			T result = work.call();
			record(provider, endpointName, UsageStatus.OK, null, System.nanoTime() - started, metadata);
			return result;
		}
		catch (Exception ex) {
			record(provider, endpointName, UsageStatus.fromFailure(ex), null, System.nanoTime() - started, metadata);
			throw ex;
		}
	}

}
