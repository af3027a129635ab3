package dev.observatory.trading;

import dev.observatory.integrations.stubs.OwnUsageStubTest;
import dev.observatory.integrations.stubs.ProviderStubs;
import dev.observatory.test.Await;
import dev.observatory.test.Http;
import dev.observatory.test.TestBots;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code POST /api/bots/{id}/data-probe}: one call to the bot's provider, as the bot, is one usage
 * event with its id; a SIM bot has nothing to probe (409); a provider that fails is a 502 naming its
 * diagnostic, audited, and still a usage event (the call was made).
 */
@OwnUsageStubTest
class DataProbeTest {

	@LocalServerPort
	int port;

	@Autowired
	JdbcClient jdbc;

	Http http;

	@BeforeEach
	void setUp() {
		ProviderStubs.reset();
		this.http = new Http("http://127.0.0.1:" + this.port);
	}

	@AfterEach
	void tearDown() {
		ProviderStubs.reset();
	}

	@Test
	void aProbeIsOneCallAsTheBotAndAFailureIsA502WithItsCode() {
		String bot = TestBots.create(this.http, "probe-aapl", "PAPER", "polygon", "AAPL");
		Http.Response probe = this.http.post("/api/bots/" + bot + "/data-probe", "");
		assertThat(probe.status()).as(probe.body()).isEqualTo(200);
		JsonNode answer = probe.json();
		assertThat(answer.get("price").decimalValue()).isEqualByComparingTo("189.52");
		assertThat(answer.get("label").asString()).isEqualTo("PAPER");
		Await.until(java.time.Duration.ofSeconds(10), "the usage event", () -> count(bot) == 1);
		assertThat(this.jdbc.sql("SELECT endpoint_name || ' ' || status || ' ' || trace_id FROM integration_usage_events"
				+ " WHERE bot_id = ?::uuid").param(bot).query(String.class).single())
			.isEqualTo("polygon.last_trade OK " + answer.get("trace_id").asString());

		ProviderStubs.WIREMOCK.stubFor(get(urlPathEqualTo("/polygon/v2/last/trade/AAPL")).atPriority(1)
			.willReturn(aResponse().withStatus(401).withBody("{\"status\":\"ERROR\",\"error\":\"Unknown API Key\"}")));
		Http.Response failed = this.http.post("/api/bots/" + bot + "/data-probe", "");
		assertThat(failed.status()).as(failed.body()).isEqualTo(502);
		assertThat(failed.json().get("error_code").asString()).isEqualTo("DATA_PROBE_FAILED");
		assertThat(failed.json().get("provider_code").asString()).isEqualTo("AUTH_FAILED");
		assertThat(failed.body()).doesNotContain(ProviderStubs.POLYGON_KEY);
		Await.until(java.time.Duration.ofSeconds(10), "the failed call's usage event", () -> count(bot) == 2);
		assertThat(this.jdbc.sql("SELECT outcome FROM audit_events WHERE action = 'DATA_PROBE' AND target = ? ORDER BY at")
			.param(bot).query(String.class).list()).containsExactly("SUCCESS", "FAILURE");

		String sim = TestBots.create(this.http, "probe-sim", "SIM", "sim", "MES");
		Http.Response refused = this.http.post("/api/bots/" + sim + "/data-probe", "");
		assertThat(refused.status()).isEqualTo(409);
		assertThat(refused.json().get("error_code").asString()).isEqualTo("NO_PROVIDER_TO_PROBE");
	}

	private long count(String bot) {
		return this.jdbc.sql("SELECT count(*) FROM integration_usage_events WHERE bot_id = ?::uuid").param(bot)
			.query(Long.class).single();
	}

}
