package dev.observatory.status;

import dev.observatory.test.Http;
import dev.observatory.test.Loops;
import dev.observatory.test.ObservatoryTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The verdict on the embedded default: OK with only SIM bots and no keys (local mode and the embedded
 * database as notices, never reasons), and each rule moving it when its condition is created for real.
 */
@ObservatoryTest
@TestPropertySource(properties = "observatory.status.cache-ttl=0s")
class SystemStatusTest {

	@LocalServerPort
	int port;

	@Autowired
	JdbcClient jdbc;

	Http http;

	@BeforeEach
	void setUp() {
		this.http = new Http("http://127.0.0.1:" + this.port);
		Loops.awaitStartupPasses(this.jdbc);
		this.jdbc.sql("DELETE FROM bots").update();
		// PostgreSQL is required; the re-verify loop is off in tests, so verify it as the loop would at start.
		assertThat(this.http.post("/api/integrations/verify", "{\"provider\": \"postgres\"}", "Content-Type",
				"application/json").json().get("connected").asBoolean()).isTrue();
	}

	@Test
	void theEmbeddedDefaultWithASimBotAndNoKeysIsOk() {
		String bot = simBot("status-sim");
		assertThat(this.http.post("/api/bots/" + bot + "/start", "").status()).isEqualTo(200);

		JsonNode status = status();
		assertThat(status.get("system_status").asString()).as(status.toString()).isEqualTo("OK");
		assertThat(status.get("autonomy_allowed").asBoolean()).isTrue();
		assertThat(status.get("blockers")).isEmpty();
		assertThat(status.get("degraded")).isEmpty();
		assertThat(status.get("notices").findValuesAsString("code")).containsExactly("LOCAL_MODE", "EMBEDDED_DATABASE");
		assertThat(status.get("notices").get(0).get("severity").asString()).isEqualTo("INFO");
		assertThat(status.get("integrations").get("total").asInt()).isEqualTo(11);
		assertThat(status.get("integrations").get("required_missing").asInt()).isZero();
		assertThat(status.get("scheduler").get("supervisor_loop_active").asBoolean()).isTrue();
		assertThat(status.get("scheduler").get("timeout_worker_active").asBoolean()).isTrue();
		assertThat(status.get("bots").get("by_mode").get("SIM").asInt()).isEqualTo(1);
		assertThat(status.get("proof_of_use").has("provider_last_used_map")).isTrue();
		assertThat(status.get("trace_id").asString()).isNotBlank();
		assertThat(status.get("computed_at").asString()).isNotBlank();
	}

	@Test
	void aLoopWithoutARecentTickBlocksAndStartsAreRefused() {
		String bot = simBot("status-blocked");
		this.jdbc.sql("""
				UPDATE scheduler_ticks SET started_at = now() - interval '3 hours', finished_at = now() - interval '3 hours'
				WHERE loop = 'supervisor'""").update();

		JsonNode status = status();
		assertThat(status.get("system_status").asString()).isEqualTo("BLOCKED");
		assertThat(status.get("autonomy_allowed").asBoolean()).isFalse();
		JsonNode blocker = status.get("blockers").get(0);
		assertThat(blocker.get("code").asString()).isEqualTo("SUPERVISOR_INACTIVE");
		assertThat(blocker.get("severity").asString()).isEqualTo("CRITICAL");
		assertThat(blocker.get("suggested_fix").asString()).isNotBlank();
		assertThat(blocker.get("trace_id").asString()).isEqualTo(status.get("trace_id").asString());

		Http.Response refused = this.http.post("/api/bots/" + bot + "/start", "");
		assertThat(refused.status()).isEqualTo(409);
		assertThat(refused.json().get("error_code").asString()).isEqualTo("SYSTEM_BLOCKED");
		assertThat(refused.json().get("detail").asString()).contains("SUPERVISOR_INACTIVE");
		assertThat(this.http.post("/api/bots/" + bot + "/stop", "").status()).as("stopping is always allowed").isEqualTo(200);

		JsonNode history = this.http.get("/api/system/status/history").json();
		JsonNode newest = history.get("changes").get(0);
		assertThat(newest.get("to_status").asString()).isEqualTo("BLOCKED");
		assertThat(newest.get("blockers")).hasSize(1);
		assertThat(newest.get("blockers").get(0).asString()).isEqualTo("SUPERVISOR_INACTIVE");
		assertThat(newest.get("trace_id").asString()).isNotBlank();

		// The loop ticks again: the verdict recovers on its own.
		this.jdbc.sql("UPDATE scheduler_ticks SET started_at = now(), finished_at = now() WHERE loop = 'supervisor'").update();
		assertThat(status().get("system_status").asString()).isEqualTo("OK");
		assertThat(this.http.get("/api/system/status/history").json().get("changes").get(0).get("from_status").asString())
			.isEqualTo("BLOCKED");
	}

	@Test
	void aPartThatCannotBeReadBlocksNamingItWhileTheOtherPartsAreStillRead() {
		simBot("status-part");
		// A real failure of the fleet's read: its counts' table gone (PostgreSQL answers 42P01).
		this.jdbc.sql("ALTER TABLE fleet_counts RENAME TO fleet_counts_away").update();
		try {
			JsonNode status = status();
			assertThat(status.get("system_status").asString()).isEqualTo("BLOCKED");
			assertThat(status.get("blockers").findValuesAsString("code")).containsExactly("STATUS_CHECK_FAILED");
			assertThat(status.get("blockers").get(0).get("message").asString()).startsWith("The fleet (part: bots) cannot be read");
			assertThat(status.get("bots").get("available").asBoolean()).isFalse();
			assertThat(status.get("integrations").get("total").asInt()).as("the other parts are still read").isPositive();
			assertThat(status.get("scheduler").get("supervisor_loop_active").asBoolean()).isTrue();
			Http.Response refused = this.http.post("/api/bots/" + simBot("status-part-start") + "/start", "");
			assertThat(refused.json().get("error_code").asString()).isEqualTo("SYSTEM_BLOCKED");
		}
		finally {
			this.jdbc.sql("ALTER TABLE fleet_counts_away RENAME TO fleet_counts").update();
		}
		assertThat(status().get("system_status").asString()).isEqualTo("OK");
	}

	@Test
	void whileBlockedEveryAutonomyDependentActionIsRefusedAndStopAndKillAreNot() {
		String bot = simBot("status-permit");
		assertThat(this.http.post("/api/bots/" + bot + "/reduce-only", "").status()).isEqualTo(200);
		this.jdbc.sql("UPDATE bots SET state = 'RUNNING', desired_state = 'RUNNING' WHERE id = ?::uuid").param(bot).update();
		this.jdbc.sql("""
				INSERT INTO breaker_states (bot_id, state, failures, opened_at, updated_at, trace_id)
				VALUES (?::uuid, 'OPEN', 3, now(), now(), 't')""").param(bot).update();
		this.jdbc.sql("""
				UPDATE scheduler_ticks SET started_at = now() - interval '3 hours', finished_at = now() - interval '3 hours'
				WHERE loop = 'supervisor'""").update();
		try {
			assertThat(status().get("system_status").asString()).isEqualTo("BLOCKED");
			assertBlocked(this.http.post("/api/bots/" + bot + "/resume", ""));
			assertBlocked(this.http.post("/api/bots/" + bot + "/breaker/reset", ""));
			assertBlocked(this.http.send("PATCH", "/api/bots/" + bot,
					java.net.http.HttpRequest.BodyPublishers.ofString("{\"is_trading_enabled\": true}"), "Content-Type",
					"application/json"));
			assertThat(this.jdbc.sql("SELECT reduce_only::text || ' ' || is_trading_enabled FROM bots WHERE id = ?::uuid")
				.param(bot).query(String.class).single()).as("nothing changed").isEqualTo("true false");
			assertThat(this.jdbc.sql("SELECT state FROM breaker_states WHERE bot_id = ?::uuid").param(bot)
				.query(String.class).single()).isEqualTo("OPEN");
			assertThat(this.jdbc.sql("SELECT count(*) FROM audit_events WHERE target = ? AND outcome = 'DENIED'")
				.param(bot).query(Integer.class).single()).as("each refusal audited").isEqualTo(3);

			assertThat(this.http.post("/api/bots/" + bot + "/stop", "").status()).as("stopping stays possible").isEqualTo(200);
			assertThat(this.http.post("/api/bots/" + bot + "/kill", "").status()).as("killing stays possible").isEqualTo(200);
			assertBlocked(this.http.post("/api/bots/" + bot + "/unkill", "{\"reason\": \"drill over\"}", "Content-Type",
					"application/json"));
		}
		finally {
			this.jdbc.sql("UPDATE scheduler_ticks SET started_at = now(), finished_at = now() WHERE loop = 'supervisor'")
				.update();
		}
		assertThat(this.http.post("/api/bots/" + bot + "/unkill", "{\"reason\": \"drill over\"}", "Content-Type",
				"application/json").status()).as("allowed again once nothing blocks").isEqualTo(200);
	}

	private static void assertBlocked(Http.Response response) {
		assertThat(response.status()).as(response.body()).isEqualTo(409);
		assertThat(response.json().get("error_code").asString()).isEqualTo("SYSTEM_BLOCKED");
		assertThat(response.json().get("detail").asString()).contains("SUPERVISOR_INACTIVE");
		assertThat(response.json().get("blockers").get(0).asString()).isEqualTo("SUPERVISOR_INACTIVE");
	}

	@Test
	void anOpenBreakerAndADegradedBotDegrade() {
		String bot = simBot("status-degraded");
		this.jdbc.sql("UPDATE bots SET state = 'DEGRADED', desired_state = 'RUNNING' WHERE id = ?::uuid").param(bot).update();
		this.jdbc.sql("""
				INSERT INTO breaker_states (bot_id, state, failures, opened_at, updated_at, trace_id)
				VALUES (?::uuid, 'OPEN', 3, now(), now(), 't')""").param(bot).update();

		JsonNode status = status();
		assertThat(status.get("system_status").asString()).isEqualTo("DEGRADED");
		assertThat(status.get("autonomy_allowed").asBoolean()).as("nothing blocks").isTrue();
		assertThat(status.get("degraded").findValuesAsString("code")).containsExactlyInAnyOrder("CIRCUIT_BREAKER_OPEN",
				"BOT_DEGRADED");
		assertThat(status.get("degraded").findValuesAsString("severity")).containsOnly("WARNING");
		assertThat(status.get("scheduler").get("circuit_breakers_open").asInt()).isEqualTo(1);
	}

	@Test
	void theDebugBundleGathersTheVerdictTheLoopsAndVariableNamesOnly() {
		Http.Response response = this.http.get("/api/system/debug-bundle");
		assertThat(response.status()).isEqualTo(200);
		JsonNode bundle = response.json();
		assertThat(bundle.get("trace_id").asString()).isNotBlank();
		assertThat(bundle.get("system_status").get("system_status").asString()).isIn("OK", "DEGRADED", "BLOCKED");
		assertThat(bundle.get("integrations")).hasSize(11);
		assertThat(bundle.get("scheduler").get("loops")).isNotEmpty();
		assertThat(bundle.get("versions").get("java").asString()).isNotBlank();
		assertThat(bundle.has("status_changes")).isTrue();
		assertThat(bundle.has("autonomy_events")).isTrue();
		assertThat(bundle.get("variables_set").isArray()).isTrue();
	}

	private JsonNode status() {
		Http.Response response = this.http.get("/api/system/status");
		assertThat(response.status()).isEqualTo(200);
		return response.json();
	}

	private String simBot(String name) {
		Http.Response created = this.http.post("/api/bots", """
				{"name": "%s", "mode": "SIM", "instruments": ["MES"], "data_provider": "sim",
				 "strategy_key": "ema_crossover", "session_mode": "ALWAYS"}""".formatted(name), "Content-Type",
				"application/json");
		assertThat(created.status()).as(created.body()).isEqualTo(201);
		return created.json().get("id").asString();
	}

}
