package dev.observatory.telemetry;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import dev.observatory.common.trace.Traces;
import dev.observatory.test.Await;
import dev.observatory.test.Http;
import dev.observatory.test.ObservatoryTest;
import io.micrometer.context.ContextExecutorService;
import io.micrometer.context.ContextSnapshotFactory;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.web.client.RestClient;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * One call through the instrumented path, to a local provider stub, becomes one usage event with the
 * caller's bot, account and trace, feeds the roll-ups, and shows in the usage API.
 */
@ObservatoryTest
class UsagePathTest {

	static final WireMockServer PROVIDER = startStub();

	@LocalServerPort
	int port;

	@Autowired
	OutboundClients clients;

	@Autowired
	ObservationRegistry observations;

	@Autowired
	Traces traces;

	@Autowired
	PostgresUsageReporter postgresUsage;

	Http http;

	RestClient polygon;

	@BeforeEach
	void setUp() {
		this.http = new Http("http://127.0.0.1:" + this.port);
		this.polygon = this.clients.restClient(ProviderKey.POLYGON).baseUrl(PROVIDER.baseUrl()).build();
	}

	@AfterAll
	static void stopStub() {
		PROVIDER.stop();
	}

	@Test
	void oneCallIsOneEventWithTheCallersBotAccountAndTrace() {
		UUID bot = UUID.randomUUID();
		UUID account = UUID.randomUUID();
		AtomicReference<String> traceId = new AtomicReference<>();
		Observation.createNotStarted("test.bot-iteration", this.observations).observe(() -> {
			traceId.set(this.traces.currentTraceId());
			CallingContext.runAs(bot, account, () -> lastTrade(Map.of("symbol_count", 1, "api_key", "not-allowed")));
		});

		JsonNode event = awaitEvents("provider=polygon&bot_id=" + bot, 1).get(0);
		assertThat(event.get("endpoint_name").asString()).isEqualTo("polygon.last_trade");
		assertThat(event.get("account_id").asString()).isEqualTo(account.toString());
		assertThat(event.get("status").asString()).isEqualTo("OK");
		assertThat(event.get("http_status").asInt()).isEqualTo(200);
		assertThat(event.get("trace_id").asString()).isEqualTo(traceId.get());
		assertThat(event.get("metadata_safe_json").get("symbol_count").asInt()).isEqualTo(1);
		assertThat(event.get("metadata_safe_json").has("api_key")).isFalse();
		assertThat(event.get("metadata_safe_json").get("metadata_rejected").asInt()).isEqualTo(1);

		JsonNode summary = this.http.get("/api/integrations/polygon/usage/summary?window=24h").json().get("summary");
		assertThat(summary.get("top_bots").findValuesAsString("bot_id")).contains(bot.toString());
		assertThat(summary.get("top_endpoints").findValuesAsString("endpoint_name")).contains("polygon.last_trade");
		assertThat(summary.get("calls").asLong()).isPositive();
	}

	@Test
	void summaryCountsEveryCallAndNamesTheLastBot() {
		UUID bot = UUID.randomUUID();
		long before = calls("anthropic");
		RestClient anthropic = this.clients.restClient(ProviderKey.ANTHROPIC).baseUrl(PROVIDER.baseUrl()).build();
		CallingContext.runAs(bot, null, () -> {
			for (int i = 0; i < 3; i++) {
				anthropic.get().uri("/v1/last_trade").attribute(OutboundClients.ENDPOINT, "anthropic.models").retrieve().toBodilessEntity();
			}
		});
		Await.until(Duration.ofSeconds(10), "three anthropic calls are summed", () -> calls("anthropic") == before + 3);
		JsonNode summary = this.http.get("/api/integrations/anthropic/usage/summary?window=1h").json();
		assertThat(summary.get("summary").get("last_used_by_bot_id").asString()).isEqualTo(bot.toString());
		assertThat(summary.get("latency_percentile_method").asString()).isEqualTo("bucket_upper_bound");
		assertThat(summary.get("trace_id").asString()).matches("[0-9a-f]{32}");
	}

	@Test
	void callsOutsideAnyBotAreRecordedWithoutABot() {
		String marker = "polygon.no_bot_" + UUID.randomUUID().toString().substring(0, 8);
		this.polygon.get().uri("/v2/last/trade/SPY").attribute(OutboundClients.ENDPOINT, marker).retrieve().toBodilessEntity();
		AtomicReference<JsonNode> event = new AtomicReference<>();
		Await.until(Duration.ofSeconds(10), "the event named " + marker, () -> {
			this.http.get("/api/integrations/usage?provider=polygon&limit=1000").json().get("events").forEach((e) -> {
				if (e.get("endpoint_name").asString().equals(marker)) {
					event.set(e);
				}
			});
			return event.get() != null;
		});
		assertThat(event.get().get("bot_id").isNull()).isTrue();
	}

	@Test
	void contextCrossesVirtualThreads() throws Exception {
		UUID bot = UUID.randomUUID();
		try (ExecutorService executor = ContextExecutorService.wrap(Executors.newVirtualThreadPerTaskExecutor(),
				() -> ContextSnapshotFactory.builder().build().captureAll())) {
			CallingContext.runAs(bot, null, () -> {
				try {
					executor.submit(() -> lastTrade(Map.of())).get();
				}
				catch (Exception ex) {
					throw new IllegalStateException(ex);
				}
			});
		}
		assertThat(awaitEvents("bot_id=" + bot, 1)).hasSize(1);
	}

	@Test
	void failuresAreClassified() {
		UUID bot = UUID.randomUUID();
		CallingContext.runAs(bot, null, () -> {
			for (String path : List.of("/status/401", "/status/429", "/status/503", "/status/404")) {
				try {
					this.polygon.get().uri(path).attribute(OutboundClients.ENDPOINT, "polygon.status").retrieve().toBodilessEntity();
				}
				catch (RuntimeException expected) {
					// the client raises on error statuses; the event is what matters here
				}
			}
			RestClient dead = this.clients.restClient(ProviderKey.POLYGON).baseUrl("http://127.0.0.1:9").build();
			try {
				dead.get().uri("/x").attribute(OutboundClients.ENDPOINT, "polygon.dead").retrieve().toBodilessEntity();
			}
			catch (RuntimeException expected) {
				// connection refused
			}
		});
		List<String> statuses = awaitEvents("bot_id=" + bot, 5).stream().map((e) -> e.get("status").asString()).toList();
		assertThat(statuses).containsExactlyInAnyOrder("AUTH_FAILED", "RATE_LIMITED", "SERVER_ERROR", "CLIENT_ERROR",
				"NETWORK_ERROR");
	}

	@Test
	void eventsArePagedNewestFirstWithoutRepeats() {
		UUID bot = UUID.randomUUID();
		CallingContext.runAs(bot, null, () -> {
			for (int i = 0; i < 5; i++) {
				lastTrade(Map.of());
			}
		});
		awaitEvents("bot_id=" + bot, 5);
		List<String> seen = new java.util.ArrayList<>();
		List<java.time.Instant> times = new java.util.ArrayList<>();
		String cursor = null;
		int pages = 0;
		do {
			JsonNode page = this.http.get("/api/integrations/usage?limit=2&bot_id=" + bot + ((cursor != null) ? "&cursor=" + cursor : "")).json();
			page.get("events").forEach((e) -> {
				seen.add(e.get("id").asString());
				times.add(java.time.Instant.parse(e.get("created_at").asString()));
			});
			cursor = page.get("next_cursor").isNull() ? null : page.get("next_cursor").asString();
			pages++;
		}
		while (cursor != null);
		assertThat(pages).isEqualTo(3);
		assertThat(seen).hasSize(5).doesNotHaveDuplicates();
		assertThat(times).isSortedAccordingTo(java.util.Comparator.reverseOrder());
	}

	@Test
	void postgresRecordsItsOwnUseFromThePoolStatistics() {
		this.postgresUsage.reportOnce();
		this.http.get("/api/integrations/usage?limit=1");
		this.postgresUsage.reportOnce();
		JsonNode event = awaitEvents("provider=postgres", 1).get(0);
		assertThat(event.get("endpoint_name").asString()).isEqualTo("postgres.pool");
		assertThat(event.get("bot_id").isNull()).isTrue();
		assertThat(event.get("metadata_safe_json").get("connections_acquired").asLong()).isPositive();
		assertThat(event.get("metadata_safe_json").has("pool_size")).isTrue();
	}

	@Test
	void pipelineMetricsArePublished() {
		lastTrade(Map.of());
		Await.until(Duration.ofSeconds(10), "a batch is written",
				() -> this.http.get("/actuator/prometheus").body().contains("observatory_telemetry_batch_size_count"));
		assertThat(this.http.get("/actuator/prometheus").body()).contains("observatory_telemetry_queue_depth",
				"observatory_telemetry_spool_bytes", "observatory_telemetry_events_written_total",
				"observatory_telemetry_events_dropped_total", "observatory_telemetry_write_latency_seconds",
				"hikaricp_connections_acquire_seconds");
	}

	@Test
	void badParametersAre400Problems() {
		assertBadRequest("/api/integrations/polygon/usage/summary?window=abc", "INVALID_PARAMETER");
		assertBadRequest("/api/integrations/polygon/usage/summary?window=400d", "INVALID_PARAMETER");
		assertBadRequest("/api/integrations/nosuch/usage/summary", "INVALID_PARAMETER");
		assertBadRequest("/api/integrations/usage?provider=nosuch", "INVALID_PARAMETER");
		assertBadRequest("/api/integrations/usage?limit=-1", "VALIDATION_FAILED");
		assertBadRequest("/api/integrations/usage?limit=100000", "VALIDATION_FAILED");
		assertBadRequest("/api/integrations/usage?bot_id=not-a-uuid", "INVALID_PARAMETER");
		assertBadRequest("/api/integrations/usage?status=FINE", "INVALID_PARAMETER");
		assertBadRequest("/api/integrations/usage?since=yesterday", "INVALID_PARAMETER");
		assertBadRequest("/api/integrations/usage?cursor=garbage", "INVALID_PARAMETER");
	}

	@Test
	void acknowledgingWithoutALossIsAConflictAndNeedsAReason() {
		Http.Response noReason = this.http.post("/api/integrations/usage/acknowledge-loss", "{}", "Content-Type",
				"application/json");
		assertThat(noReason.status()).isEqualTo(400);
		Http.Response nothingLost = this.http.post("/api/integrations/usage/acknowledge-loss",
				"{\"reason\": \"checked\"}", "Content-Type", "application/json");
		assertThat(nothingLost.status()).isEqualTo(409);
	}

	private void assertBadRequest(String path, String code) {
		Http.Response response = this.http.get(path);
		assertThat(response.status()).as(path + " " + response.body()).isEqualTo(400);
		assertThat(response.json().get("error_code").asString()).as(path).isEqualTo(code);
	}

	private void lastTrade(Map<String, ?> metadata) {
		this.polygon.get()
			.uri("/v2/last/trade/SPY")
			.attribute(OutboundClients.ENDPOINT, "polygon.last_trade")
			.attribute(OutboundClients.METADATA, metadata)
			.retrieve()
			.toBodilessEntity();
	}

	private long calls(String provider) {
		return this.http.get("/api/integrations/" + provider + "/usage/summary?window=1h").json().get("summary").get("calls").asLong();
	}

	private List<JsonNode> awaitEvents(String query, int count) {
		AtomicReference<List<JsonNode>> events = new AtomicReference<>(List.of());
		Await.until(Duration.ofSeconds(10), count + " events for " + query, () -> {
			List<JsonNode> found = new java.util.ArrayList<>();
			this.http.get("/api/integrations/usage?" + query).json().get("events").forEach(found::add);
			events.set(found);
			return found.size() >= count;
		});
		return events.get();
	}

	private static WireMockServer startStub() {
		WireMockServer server = new WireMockServer(WireMockConfiguration.options().dynamicPort());
		server.start();
		server.stubFor(get(urlPathEqualTo("/v2/last/trade/SPY"))
			.willReturn(aResponse().withHeader("Content-Type", "application/json").withBody("{\"status\":\"OK\"}")));
		server.stubFor(get(urlPathEqualTo("/v1/last_trade")).willReturn(aResponse().withStatus(200)));
		for (int status : new int[] { 401, 404, 429, 503 }) {
			server.stubFor(get(urlPathEqualTo("/status/" + status)).willReturn(aResponse().withStatus(status)));
		}
		return server;
	}

}
