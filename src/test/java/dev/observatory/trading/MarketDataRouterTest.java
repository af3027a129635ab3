package dev.observatory.trading;

import java.time.Duration;
import java.util.List;

import dev.observatory.integrations.stubs.ProviderStubTest;
import dev.observatory.integrations.stubs.ProviderStubs;
import dev.observatory.integrations.stubs.Verifications;
import dev.observatory.test.Await;
import dev.observatory.test.Http;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A PAPER bot on SPY runs on real provider clients against their stubs: Databento's live gateway
 * (a TCP stub doing the CRAM exchange and replaying the DBN fixture) first, Polygon's REST last
 * trade as its fallback. Silence moves it from one to the other and then to no data at all, each
 * step an autonomy event, a state and a reason in the system status; the primary's return heals it.
 */
@ProviderStubTest
@TestPropertySource(properties = { "observatory.runtime.enabled=true", "observatory.runtime.claim-interval=100ms",
		"observatory.runtime.heartbeat-interval=200ms", "observatory.runtime.tick-interval=100ms",
		"observatory.trading.data-stale-after=1s", "observatory.trading.polygon-poll-interval=200ms",
		"observatory.trading.databento-heartbeat=5s", "observatory.status.cache-ttl=0s" })
class MarketDataRouterTest {

	private static final String SPY = "/polygon/v2/last/trade/SPY";

	@LocalServerPort
	int port;

	@Autowired
	JdbcClient jdbc;

	Http http;

	@BeforeEach
	void setUp() {
		ProviderStubs.reset();
		// Polygon's last trade with a SIP time that moves on every poll: a market that trades.
		ProviderStubs.WIREMOCK.stubFor(get(urlPathEqualTo(SPY)).willReturn(aResponse().withStatus(200)
			.withHeader("Content-Type", "application/json")
			.withBody("{\"status\":\"OK\",\"request_id\":\"r\",\"results\":{\"T\":\"SPY\",\"p\":601.23,\"s\":100,"
					+ "\"t\":{{now format='epoch'}}000000,\"x\":4,\"q\":1}}")
			.withTransformers("response-template")));
		this.http = new Http("http://127.0.0.1:" + this.port);
		Verifications verifications = new Verifications(this.port, this.jdbc);
		assertThat(verifications.verify("databento").connected()).isTrue();
		assertThat(verifications.verify("polygon").connected()).isTrue();
	}

	@AfterEach
	void tearDown() {
		ProviderStubs.reset();
	}

	@Test
	void silenceMovesAPaperBotToItsFallbackThenToNoDataAndThePrimarysReturnHealsIt() {
		Http.Response created = this.http.post("/api/bots", """
				{"name": "paper-spy", "mode": "PAPER", "instruments": ["SPY"], "data_provider": "databento",
				 "fallback_provider": "polygon", "strategy_key": "ema_crossover", "session_mode": "ALWAYS",
				 "strategy_params": {"bar_seconds": 5}}""", "Content-Type", "application/json");
		assertThat(created.status()).as(created.body()).isEqualTo(201);
		String bot = created.json().get("id").asString();
		Http.Response started = this.http.post("/api/bots/" + bot + "/start", "");
		assertThat(started.status()).as(started.body()).isEqualTo(200);
		// The session's usage event can be written before the run records its route: wait for both.
		Await.until(Duration.ofSeconds(15), "the bot running on Databento's live data", () -> "RUNNING".equals(state(bot))
				&& count("SELECT count(*) FROM integration_usage_events WHERE provider = 'databento'"
						+ " AND endpoint_name = 'databento.live.session' AND status = 'OK' AND bot_id = ?::uuid", bot) > 0
				&& route(bot).equals("PRIMARY"));
		assertThat(ProviderStubs.DATABENTO_LIVE.controlLines())
			.as("the key never crosses the wire: only its hash and its last five characters")
			.noneMatch((line) -> line.contains(ProviderStubs.DATABENTO_KEY))
			.anyMatch((line) -> line.equals("schema=trades|stype_in=raw_symbol|symbols=SPY"));
		assertThat(this.jdbc.sql("SELECT route || ' ' || active_provider FROM feed_routes WHERE bot_id = ?::uuid")
			.param(bot).query(String.class).single()).isEqualTo("PRIMARY databento");
		assertThat(count("SELECT count(*) FROM integration_usage_events WHERE endpoint_name = 'databento.get_range'"
				+ " AND bot_id = ?::uuid", bot)).as("5-second bars: no history in whole minutes is asked for").isZero();

		ProviderStubs.DATABENTO_LIVE.silent(true);
		Await.until(Duration.ofSeconds(15), "the fallback in use", () -> route(bot).equals("FALLBACK"));
		assertThat(state(bot)).isEqualTo("DEGRADED");
		assertThat(events(bot)).contains("DATA_FALLBACK");
		Await.until(Duration.ofSeconds(10), "polygon polled for this bot", () -> count("""
				SELECT count(*) FROM integration_usage_events WHERE provider = 'polygon' AND endpoint_name = 'polygon.last_trade'
				    AND bot_id = ?::uuid""", bot) > 0);
		assertThat(this.http.get("/api/system/status").json().get("degraded").findValuesAsString("code"))
			.contains("DATA_FALLBACK_IN_USE", "BOT_DEGRADED");

		ProviderStubs.WIREMOCK.stubFor(get(urlPathEqualTo(SPY)).atPriority(1)
			.willReturn(aResponse().withStatus(503).withBody("{\"status\":\"ERROR\"}")));
		Await.until(Duration.ofSeconds(15), "no data at all", () -> route(bot).equals("MISSING"));
		assertThat(events(bot)).contains("DATA_MISSING");
		Await.until(Duration.ofSeconds(15), "a DATA_MISSING no-trade trace", () -> !this.http
			.get("/api/bots/" + bot + "/no-trade-traces?type=DATA_MISSING").json().get("traces").isEmpty());
		String reason = this.http.get("/api/bots/" + bot + "/no-trade-traces?type=DATA_MISSING").json().get("traces")
			.get(0).get("suppression_reason").asString();
		assertThat(reason).isEqualTo("No trade of SPY from databento or its fallback polygon within 1 s during the session");

		ProviderStubs.DATABENTO_LIVE.silent(false);
		Await.until(Duration.ofSeconds(30), "back on the primary", () -> route(bot).equals("PRIMARY"));
		Await.until(Duration.ofSeconds(5), "RUNNING again", () -> state(bot).equals("RUNNING"));
		assertThat(events(bot)).contains("DATA_RESTORED");
		assertThat(this.http.post("/api/bots/" + bot + "/stop", "").status()).isEqualTo(200);
	}

	@Test
	void aPaperRunOnMinuteBarsAsksItsProvidersForHistoryAsTheBot() {
		Http.Response created = this.http.post("/api/bots", """
				{"name": "paper-warm", "mode": "PAPER", "instruments": ["SPY"], "data_provider": "databento",
				 "fallback_provider": "polygon", "strategy_key": "ema_crossover", "session_mode": "ALWAYS",
				 "strategy_params": {"bar_seconds": 60}}""", "Content-Type", "application/json");
		assertThat(created.status()).as(created.body()).isEqualTo(201);
		String bot = created.json().get("id").asString();
		assertThat(this.http.post("/api/bots/" + bot + "/start", "").status()).isEqualTo(200);

		// The stubs' Databento history is the 2020 fixture (nothing in the window), so the fallback is asked next.
		Await.until(Duration.ofSeconds(15), "Databento's history, then Polygon's, asked as the bot", () -> count("""
				SELECT count(DISTINCT endpoint_name) FROM integration_usage_events
				WHERE endpoint_name IN ('databento.get_range', 'polygon.aggregates') AND status = 'OK' AND bot_id = ?::uuid""",
				bot) == 2);
		assertThat(this.http.post("/api/bots/" + bot + "/stop", "").status()).isEqualTo(200);
	}

	private String state(String bot) {
		return this.jdbc.sql("SELECT state FROM bots WHERE id = ?::uuid").param(bot).query(String.class).single();
	}

	private String route(String bot) {
		return this.jdbc.sql("SELECT coalesce(max(route), '') FROM feed_routes WHERE bot_id = ?::uuid").param(bot)
			.query(String.class).single();
	}

	private List<String> events(String bot) {
		return this.jdbc.sql("SELECT kind FROM autonomy_events WHERE bot_id = ?::uuid ORDER BY at").param(bot)
			.query(String.class).list();
	}

	private long count(String sql, String bot) {
		return this.jdbc.sql(sql).param(bot).query(Long.class).single();
	}

}
