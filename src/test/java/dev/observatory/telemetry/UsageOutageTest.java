package dev.observatory.telemetry;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import dev.observatory.common.secrets.Env;
import dev.observatory.test.Await;
import dev.observatory.test.ScratchDatabase;
import dev.observatory.test.TcpProxy;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.web.client.RestClient;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Nothing is lost while the database is away: Observatory runs on an external PostgreSQL (the
 * machine's, in a database made for this test) behind a TCP proxy; the proxy is cut, 10,000 provider
 * calls are made, the cut lasts 5 s (60 s with -Pfault), the proxy is restored, and then exactly
 * 10,000 events are in the table and in the roll-ups.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "observatory.data-dir=target/test-data/outage-${random.uuid}",
				"observatory.database.connect-timeout=1s", "observatory.telemetry.retry-backoff-max=1s" })
@DirtiesContext
class UsageOutageTest {

	static final int CALLS = 10_000;

	static final Duration OUTAGE = Duration.ofSeconds(Long.getLong("observatory.test.outage-seconds", 5));

	static final ScratchDatabase DATABASE = ScratchDatabase.create("observatory_outage");

	static final TcpProxy PROXY = startProxy();

	static final WireMockServer PROVIDER = startStub();

	@Autowired
	OutboundClients clients;

	@Autowired
	TelemetryMonitor monitor;

	@AfterAll
	static void tearDown() throws Exception {
		PROVIDER.stop();
		PROXY.close();
		DATABASE.close();
	}

	@Test
	void everyCallMadeDuringAnOutageIsWrittenOnceAfterIt() throws Exception {
		RestClient databento = this.clients.restClient(ProviderKey.DATABENTO).baseUrl(PROVIDER.baseUrl()).build();
		UUID bot = UUID.randomUUID();
		PROXY.cut();
		long cutAt = System.nanoTime();

		Semaphore inFlight = new Semaphore(32);
		List<Future<?>> calls = new ArrayList<>(CALLS);
		try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
			for (int i = 0; i < CALLS; i++) {
				inFlight.acquire();
				calls.add(executor.submit(() -> {
					try {
						CallingContext.runAs(bot, null, () -> databento.get()
							.uri("/v0/metadata.list_datasets")
							.attribute(OutboundClients.ENDPOINT, "databento.list_datasets")
							.retrieve()
							.toBodilessEntity());
					}
					finally {
						inFlight.release();
					}
				}));
			}
			for (Future<?> call : calls) {
				call.get();
			}
		}
		Await.until(Duration.ofSeconds(30), "the backlog is reported while the database is away", () -> {
			TelemetryHealth health = this.monitor.health();
			return !health.databaseWritable() && health.spooledEvents() > 0 && health.oldestWaitingAt() != null;
		});
		long remaining = OUTAGE.toNanos() - (System.nanoTime() - cutAt);
		if (remaining > 0) {
			Thread.sleep(Duration.ofNanos(remaining));
		}
		PROXY.restore();

		Await.until(Duration.ofSeconds(90), "all " + CALLS + " events are written",
				() -> count("SELECT count(*) FROM integration_usage_events WHERE bot_id = '" + bot + "'") == CALLS);
		assertThat(count("SELECT sum(calls) FROM integration_usage_minute WHERE endpoint_name = 'databento.list_datasets'"))
			.isEqualTo(CALLS);
		assertThat(count("SELECT sum(calls) FROM integration_usage_bot_hour WHERE bot_id = '" + bot + "'")).isEqualTo(CALLS);
		Await.until(Duration.ofSeconds(10), "the backlog is gone", () -> !this.monitor.health().hasBacklog());
		assertThat(this.monitor.health().droppedEvents()).isZero();
	}

	private static long count(String sql) {
		return DATABASE.queryForLong(sql);
	}

	private static TcpProxy startProxy() {
		try {
			return new TcpProxy("127.0.0.1", 5432);
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static WireMockServer startStub() {
		WireMockServer server = new WireMockServer(WireMockConfiguration.options().dynamicPort().containerThreads(64));
		server.start();
		server.stubFor(get(urlPathEqualTo("/v0/metadata.list_datasets")).willReturn(aResponse().withBody("[]")));
		return server;
	}

	@TestConfiguration(proxyBeanMethods = false)
	static class ThroughTheProxy {

		@Bean
		@Primary
		Env proxiedDatabaseEnv() {
			return Env.of(Map.of("DATABASE_URL", "postgresql://postgres@127.0.0.1:" + PROXY.port() + "/" + DATABASE.name()));
		}

	}

}
