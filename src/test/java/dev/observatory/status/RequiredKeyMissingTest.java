package dev.observatory.status;

import java.util.Map;

import dev.observatory.common.secrets.Env;
import dev.observatory.test.Http;
import dev.observatory.test.Loops;
import dev.observatory.test.ObservatoryTest;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Spec acceptance test 1 inside one process: Databento required (OBSERVATORY_REQUIRED_INTEGRATIONS)
 * and its key absent → BLOCKED with INTEGRATION_KEY_MISSING naming the variable, and a start → 409
 * SYSTEM_BLOCKED.
 */
@ObservatoryTest
@Import(RequiredKeyMissingTest.RequiredDatabento.class)
class RequiredKeyMissingTest {

	@LocalServerPort
	int port;

	@Autowired
	JdbcClient jdbc;

	@Test
	void aRequiredIntegrationWithoutItsKeyBlocksAndStartsAreRefused() {
		Loops.awaitStartupPasses(this.jdbc);
		Http http = new Http("http://127.0.0.1:" + this.port);
		JsonNode status = http.get("/api/system/status").json();
		assertThat(status.get("system_status").asString()).isEqualTo("BLOCKED");
		JsonNode blocker = status.get("blockers").get(0);
		assertThat(blocker.get("code").asString()).isEqualTo("INTEGRATION_KEY_MISSING");
		assertThat(blocker.get("message").asString()).startsWith("DATABENTO_API_KEY missing");
		assertThat(blocker.get("related_provider").asString()).isEqualTo("databento");
		assertThat(status.get("integrations").get("required_missing").asInt()).isEqualTo(1);

		String bot = http.post("/api/bots", """
				{"name": "blocked-sim", "mode": "SIM", "instruments": ["MES"], "data_provider": "sim",
				 "strategy_key": "ema_crossover", "session_mode": "ALWAYS"}""", "Content-Type", "application/json")
			.json().get("id").asString();
		Http.Response refused = http.post("/api/bots/" + bot + "/start", "");
		assertThat(refused.status()).isEqualTo(409);
		assertThat(refused.json().get("error_code").asString()).isEqualTo("SYSTEM_BLOCKED");
		assertThat(refused.json().get("reasons").findValuesAsString("code")).containsExactly("SYSTEM_BLOCKED");
		assertThat(refused.json().get("detail").asString()).contains("INTEGRATION_KEY_MISSING");
		assertThat(refused.json().get("trace_id").asString()).isNotBlank();
		assertThat(this.jdbc.sql("SELECT state FROM bots WHERE id = ?::uuid").param(bot).query(String.class).single())
			.isEqualTo("BLOCKED");
	}

	@TestConfiguration(proxyBeanMethods = false)
	static class RequiredDatabento {

		@Bean
		@Primary
		Env requiredDatabentoEnv() {
			return Env.of(Map.of("OBSERVATORY_REQUIRED_INTEGRATIONS", "databento"));
		}

	}

}
