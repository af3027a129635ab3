package dev.observatory.autonomy;

import java.util.List;
import java.util.UUID;

import dev.observatory.integrations.stubs.ProviderStubTest;
import dev.observatory.integrations.stubs.ProviderStubs;
import dev.observatory.integrations.stubs.Verifications;
import dev.observatory.test.Http;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The safe-start codes that rest on the integrations, each from its real condition: every provider
 * configured against the stubs, and connected only once a verify against the stub has passed.
 */
@ProviderStubTest
class SafeStartChecksTest {

	@LocalServerPort
	int port;

	@Autowired
	JdbcClient jdbc;

	Verifications verifications;

	Http http;

	@BeforeEach
	void setUp() {
		ProviderStubs.reset();
		this.verifications = new Verifications(this.port, this.jdbc);
		this.http = this.verifications.http();
		this.jdbc.sql("DELETE FROM integration_checks WHERE provider IN ('databento', 'tradovate')").update();
	}

	@Test
	void dataNotConnectedThenBrokerNotConnectedThenPositionsNotReportable() {
		String account = this.http.post("/api/accounts", """
				{"broker": "tradovate", "external_id": "T-%s", "name": "live", "mode": "LIVE"}""".formatted(UUID.randomUUID()),
				"Content-Type", "application/json").json().get("id").asString();
		String live = this.http.post("/api/bots", """
				{"name": "live-%s", "mode": "LIVE", "instruments": ["MES"], "data_provider": "databento",
				 "account_id": "%s", "strategy_key": "ema_crossover"}""".formatted(UUID.randomUUID(), account),
				"Content-Type", "application/json").json().get("id").asString();

		// The second BROKER_UNAVAILABLE is the position reconciliation's: the broker cannot report them either.
		assertThat(codes(live)).as("configured but never verified").containsExactly("LIVE_TRADING_DISABLED",
				"DATA_UNAVAILABLE", "BROKER_UNAVAILABLE");
		assertThat(this.verifications.verify("databento").connected()).isTrue();
		assertThat(codes(live)).containsExactly("LIVE_TRADING_DISABLED", "BROKER_UNAVAILABLE", "BROKER_UNAVAILABLE");
		assertThat(denial(live, "BROKER_UNAVAILABLE").get("message").asString()).contains("tradovate is not connected");
		assertThat(this.verifications.verify("tradovate").connected()).isTrue();
		assertThat(denial(live, "BROKER_UNAVAILABLE").get("message").asString())
			.as("a venue that cannot report positions is never taken as flat").contains("never taken as flat");

		Http.Response refused = this.http.post("/api/bots/" + live + "/start", "");
		assertThat(refused.status()).isEqualTo(409);
		assertThat(refused.json().get("error_code").asString()).isEqualTo("LIVE_TRADING_DISABLED");
		assertThat(refused.json().get("trace_id").asString()).isNotBlank();
		assertThat(this.jdbc.sql("SELECT state FROM bots WHERE id = ?::uuid").param(live).query(String.class).single())
			.isEqualTo("BLOCKED");
	}

	/** The bot's own reasons: whether the shared context's system is DEGRADED (SYSTEM_DEGRADED) is not this test's. */
	private List<String> codes(String bot) {
		return report(bot).get("denials")
			.findValuesAsString("code")
			.stream()
			.filter((code) -> !code.startsWith("SYSTEM_"))
			.toList();
	}

	private JsonNode denial(String bot, String code) {
		for (JsonNode denial : report(bot).get("denials")) {
			if (denial.get("code").asString().equals(code)) {
				assertThat(denial.get("suggested_fix").asString()).isNotBlank();
				return denial;
			}
		}
		throw new AssertionError("no " + code + " for " + bot);
	}

	private JsonNode report(String bot) {
		Http.Response response = this.http.post("/api/bots/" + bot + "/safe-start-check", "");
		assertThat(response.status()).as(response.body()).isEqualTo(200);
		assertThat(response.json().get("allowed").asBoolean()).isFalse();
		return response.json();
	}

}
