package dev.observatory.autonomy;

import java.time.Duration;
import java.time.Instant;

import dev.observatory.test.Await;
import dev.observatory.test.Http;
import dev.observatory.test.ObservatoryTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/** A kill by hand stops a running bot for good; only an unkill with a reason ends it; reduce-only pauses. */
@ObservatoryTest
@TestPropertySource(properties = { "observatory.runtime.enabled=true", "observatory.runtime.claim-interval=100ms",
		"observatory.runtime.heartbeat-interval=200ms", "observatory.runtime.tick-interval=20ms" })
class KillSwitchTest {

	@LocalServerPort
	int port;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	SupervisorDecisions decisions;

	Http http;

	@BeforeEach
	void setUp() {
		this.http = new Http("http://127.0.0.1:" + this.port);
	}

	@Test
	void aKilledBotStaysKilledUntilAnUnkillWithAReason() {
		String id = runningBot("kill-me");
		Http.Response killed = this.http.post("/api/bots/" + id + "/kill", "{\"reason\": \"drill\"}", "Content-Type",
				"application/json");
		assertThat(killed.status()).as(killed.body()).isEqualTo(200);
		assertThat(killed.json().get("state").asString()).isEqualTo("KILLED");
		assertThat(killed.json().get("action").asString()).isEqualTo("CANCEL");
		assertThat(value("SELECT desired_state FROM bots WHERE id = ?::uuid", id)).isEqualTo("STOPPED");
		assertThat(value("SELECT state FROM runner_instances WHERE bot_id = ?::uuid", id)).isEqualTo("STOPPED");
		assertThat(value("SELECT state FROM job_runs WHERE bot_id = ?::uuid", id)).isEqualTo("KILLED");
		assertThat(value("SELECT invariant || ' ' || action || ' ' || reason || ' ' || trace_id FROM kill_events WHERE bot_id = ?::uuid", id))
			.isEqualTo("MANUAL CANCEL drill " + killed.json().get("trace_id").asString());
		assertThat(value("SELECT actor FROM kill_events WHERE bot_id = ?::uuid", id)).startsWith("USER:");
		assertThat(value("SELECT suppression_type || ' ' || trace_id FROM no_trade_traces WHERE bot_id = ?::uuid", id))
			.isEqualTo("KILL_SWITCH " + killed.json().get("trace_id").asString());
		Await.until(Duration.ofSeconds(5), "the run loop ended", () -> this.jdbc.sql(
				"SELECT count(*) FROM runner_instances WHERE bot_id = ?::uuid AND state = 'RUNNING'").param(id)
			.query(Integer.class).single() == 0);

		// Read-only: other tests sharing this context leave crashed bots that a real pass would restart.
		assertThat(this.decisions.candidates(Instant.now())).as("a killed bot is never restarted by itself")
			.noneMatch((candidate) -> candidate.botId().toString().equals(id));
		Http.Response start = this.http.post("/api/bots/" + id + "/start", "");
		assertThat(start.json().get("error_code").asString()).isEqualTo("BOT_KILLED");
		assertThat(this.http.post("/api/bots/" + id + "/kill", "").json().get("error_code").asString())
			.isEqualTo("BOT_ALREADY_KILLED");

		Http.Response noReason = this.http.post("/api/bots/" + id + "/unkill", "{}", "Content-Type", "application/json");
		assertThat(noReason.status()).isEqualTo(400);
		assertThat(value("SELECT state FROM bots WHERE id = ?::uuid", id)).isEqualTo("KILLED");
		Http.Response unkilled = this.http.post("/api/bots/" + id + "/unkill", "{\"reason\": \"fixed the limits\"}",
				"Content-Type", "application/json");
		assertThat(unkilled.status()).as(unkilled.body()).isEqualTo(200);
		assertThat(value("SELECT state FROM bots WHERE id = ?::uuid", id)).isEqualTo("STOPPED");
		assertThat(value("SELECT details->>'reason' FROM audit_events WHERE action = 'UNKILL_BOT' AND target = ?", id))
			.isEqualTo("fixed the limits");
		assertThat(this.http.get("/api/bots/" + id + "/events").json().get("events").findValuesAsString("kind"))
			.contains("KILL", "UNKILL", "BOT:RUNNING>KILLED", "BOT:KILLED>STOPPED");
	}

	@Test
	void reduceOnlyPausesARunningBotUntilResumed() {
		String id = runningBot("pause-me");
		Http.Response paused = this.http.post("/api/bots/" + id + "/reduce-only", "");
		assertThat(paused.status()).as(paused.body()).isEqualTo(200);
		assertThat(paused.json().get("state").asString()).isEqualTo("DEGRADED");
		assertThat(this.http.get("/api/bots/" + id).json().get("reduce_only").asBoolean()).isTrue();
		Http.Response resumed = this.http.post("/api/bots/" + id + "/resume", "");
		assertThat(resumed.json().get("state").asString()).isEqualTo("RUNNING");
		assertThat(this.http.get("/api/bots/" + id).json().get("reduce_only").asBoolean()).isFalse();
		assertThat(this.http.post("/api/bots/" + id + "/resume", "").json().get("error_code").asString())
			.isEqualTo("BOT_NOT_REDUCE_ONLY");
		assertThat(this.http.get("/api/bots/" + id + "/events").json().get("events").findValuesAsString("kind"))
			.contains("REDUCE_ONLY", "RESUME", "BOT:RUNNING>DEGRADED", "BOT:DEGRADED>RUNNING");
		this.http.post("/api/bots/" + id + "/stop", "");
	}

	private String runningBot(String name) {
		Http.Response created = this.http.post("/api/bots", """
				{"name": "%s", "mode": "SIM", "instruments": ["MES"], "data_provider": "sim",
				 "strategy_key": "ema_crossover", "session_mode": "ALWAYS"}""".formatted(name), "Content-Type",
				"application/json");
		String id = created.json().get("id").asString();
		assertThat(this.http.post("/api/bots/" + id + "/start", "").status()).isEqualTo(200);
		Await.until(Duration.ofSeconds(10), "the bot running", () -> "RUNNING".equals(value(
				"SELECT state FROM bots WHERE id = ?::uuid", id)));
		return id;
	}

	private String value(String sql, String id) {
		return this.jdbc.sql(sql).param(id).query(String.class).single();
	}

}
