package dev.observatory.autonomy;

import java.sql.Timestamp;
import java.time.Duration;
import java.util.List;

import dev.observatory.common.locks.LoopTicks;
import dev.observatory.test.Await;
import dev.observatory.test.Http;
import dev.observatory.test.Loops;
import dev.observatory.test.ObservatoryTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Spec acceptance test 4, for real: SIM bots run on this process's runner host; a crash drill makes
 * the run loop throw; the supervisor, woken by the crash (its 2-minute tick is pushed far away here),
 * restarts the bot after its backoff; the third crash within the window opens the breaker and no
 * restart follows; an operator's reset lets one trial run close it.
 */
@ObservatoryTest
@TestPropertySource(properties = { "observatory.runtime.enabled=true", "observatory.runtime.claim-interval=100ms",
		"observatory.runtime.heartbeat-interval=200ms", "observatory.runtime.tick-interval=20ms",
		"observatory.autonomy.supervisor.wake-on-failure=true", "observatory.autonomy.supervisor.half-open-success-after=1s",
		"observatory.autonomy.supervisor.stuck-threshold=3s" })
class SupervisorTest {

	@LocalServerPort
	int port;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	Supervisor supervisor;

	Http http;

	@BeforeEach
	void setUp() {
		Loops.awaitStartupPasses(this.jdbc);
		this.http = new Http("http://127.0.0.1:" + this.port);
	}

	@Test
	void aCrashIsRestartedWithinSecondsAndTheThirdInTheWindowOpensTheBreaker() {
		String id = startedBot("supervised");
		String first = runningInstance(id);

		crash(id);
		String second = awaitRestarted(id, first);
		assertThat(state("runner_instances", first)).isEqualTo("TERMINATED");
		Timestamp crashedAt = this.jdbc.sql("SELECT ended_at FROM runner_instances WHERE id = ?::uuid").param(first)
			.query(Timestamp.class).single();
		Timestamp runningAt = this.jdbc.sql("SELECT started_at FROM runner_instances WHERE id = ?::uuid").param(second)
			.query(Timestamp.class).single();
		assertThat(Duration.between(crashedAt.toInstant(), runningAt.toInstant()))
			.as("crash to RUNNING again (1 s first backoff)").isLessThan(Duration.ofSeconds(5));
		List<String> restart = this.jdbc.sql("""
				SELECT cause || ' ' || (details->>'previous_instance') FROM autonomy_events WHERE bot_id = ?::uuid AND kind = 'RESTART'""")
			.param(id).query(String.class).list();
		assertThat(restart).containsExactly("CRASHED " + first);

		crash(id);
		String third = awaitRestarted(id, second);
		crash(id);
		Await.until(Duration.ofSeconds(15), "the breaker open", () -> count("""
				SELECT count(*) FROM autonomy_events WHERE bot_id = ?::uuid AND kind = 'BREAKER_OPEN'""", id) == 1);
		assertThat(state("bots", id)).isEqualTo("DEGRADED");
		assertThat(this.jdbc.sql("SELECT state || ' ' || failures FROM breaker_states WHERE bot_id = ?::uuid").param(id)
			.query(String.class).single()).isEqualTo("OPEN 3");
		assertThat(state("runner_instances", third)).isEqualTo("CRASHED");
		assertThat(this.http.get("/api/bots/" + id + "/no-trade-traces?type=CIRCUIT_OPEN").json().get("traces"))
			.as("why it does not trade any more").hasSize(1);

		LoopTicks.Tick held = this.supervisor.tick();
		assertThat(held.decided().get("HELD_BY_BREAKER")).asList().containsExactly(id);
		assertThat(count("SELECT count(*) FROM runner_instances WHERE bot_id = ?::uuid", id)).as("no restart").isEqualTo(3);
		assertThat(count("SELECT count(*) FROM autonomy_events WHERE bot_id = ?::uuid AND kind = 'RESTART'", id)).isEqualTo(2);

		Http.Response dryRun = this.http.post("/api/bots/" + id + "/safe-start-check?initiator=SUPERVISOR", "");
		assertThat(dryRun.json().get("allowed").asBoolean()).isFalse();
		assertThat(dryRun.json().get("denials").findValuesAsString("code")).containsExactly("CIRCUIT_OPEN");

		Http.Response reset = this.http.post("/api/bots/" + id + "/breaker/reset", "");
		assertThat(reset.status()).as(reset.body()).isEqualTo(200);
		assertThat(reset.json().get("breaker").asString()).isEqualTo("HALF_OPEN");
		String trial = awaitRestarted(id, third);
		Await.until(Duration.ofSeconds(15), "one clean trial run closing the breaker", () -> {
			this.supervisor.tick();
			return "CLOSED".equals(this.jdbc.sql("SELECT state FROM breaker_states WHERE bot_id = ?::uuid").param(id)
				.query(String.class).single());
		});
		assertThat(state("bots", id)).isEqualTo("RUNNING");
		assertThat(state("runner_instances", trial)).isEqualTo("RUNNING");
		assertThat(this.http.get("/api/bots/" + id + "/events?limit=100").json().get("events").findValuesAsString("kind"))
			.contains("BREAKER_OPEN", "BREAKER_HALF_OPEN", "BREAKER_CLOSED", "RESTART", "BOT:RUNNING>DEGRADED",
					"BOT:DEGRADED>RUNNING");
		Http.Response again = this.http.post("/api/bots/" + id + "/breaker/reset", "");
		assertThat(again.status()).isEqualTo(409);
		assertThat(again.json().get("error_code").asString()).isEqualTo("BREAKER_NOT_OPEN");
		this.http.post("/api/bots/" + id + "/stop", "");
	}

	@Test
	void aStuckRunLoopIsTerminatedAndRestarted() {
		String id = startedBot("stuck");
		String hung = runningInstance(id);
		assertThat(this.http.post("/api/bots/" + id + "/simulate-hang", "").status()).isEqualTo(202);
		// Past the 3 s stuck threshold without an iteration, a pass ends it and starts another.
		Await.until(Duration.ofSeconds(20), "the stuck instance replaced", () -> {
			this.supervisor.tick();
			return "TERMINATED".equals(state("runner_instances", hung));
		});
		assertThat(this.jdbc.sql("SELECT exit_reason FROM runner_instances WHERE id = ?::uuid").param(hung)
			.query(String.class).single()).isEqualTo("STUCK");
		assertThat(this.jdbc.sql("SELECT state || ' ' || reason_code FROM job_runs WHERE instance_id = ?::uuid").param(hung)
			.query(String.class).single()).isEqualTo("FAILED STUCK");
		awaitRestarted(id, hung);
		this.http.post("/api/bots/" + id + "/stop", "");
	}

	@Test
	void aPassWithNothingToDoSaysSo() {
		this.jdbc.sql("UPDATE bots SET desired_state = 'STOPPED'").update();
		LoopTicks.Tick tick = this.supervisor.tick();
		assertThat(tick.outcome()).isEqualTo("OK");
		assertThat(tick.decided()).containsEntry("nothing_to_do", true).containsEntry("candidates", 0);
		assertThat(count("SELECT count(*) FROM scheduler_ticks WHERE trace_id = ?", tick.traceId())).isEqualTo(1);
	}

	private String startedBot(String name) {
		Http.Response created = this.http.post("/api/bots", """
				{"name": "%s", "mode": "SIM", "instruments": ["MES"], "data_provider": "sim",
				 "strategy_key": "ema_crossover", "session_mode": "ALWAYS",
				 "strategy_params": {"fast_period": 3, "slow_period": 8}}""".formatted(name), "Content-Type",
				"application/json");
		assertThat(created.status()).as(created.body()).isEqualTo(201);
		String id = created.json().get("id").asString();
		assertThat(this.http.post("/api/bots/" + id + "/start", "").status()).isEqualTo(200);
		return id;
	}

	private void crash(String id) {
		Http.Response crash = this.http.post("/api/bots/" + id + "/simulate-crash", "");
		assertThat(crash.status()).as(crash.body()).isEqualTo(202);
	}

	private String runningInstance(String id) {
		Await.until(Duration.ofSeconds(10), "a RUNNING instance", () -> count(
				"SELECT count(*) FROM runner_instances WHERE bot_id = ?::uuid AND state = 'RUNNING'", id) == 1);
		return this.jdbc.sql("SELECT id::text FROM runner_instances WHERE bot_id = ?::uuid AND state = 'RUNNING'").param(id)
			.query(String.class).single();
	}

	private String awaitRestarted(String id, String previous) {
		Await.until(Duration.ofSeconds(10), "a new RUNNING instance after " + previous, () -> count("""
				SELECT count(*) FROM runner_instances WHERE bot_id = ?::uuid AND state = 'RUNNING' AND id <> '%s'"""
			.formatted(previous), id) == 1);
		return runningInstance(id);
	}

	private String state(String table, String id) {
		return this.jdbc.sql("SELECT state FROM " + table + " WHERE id = ?::uuid").param(id).query(String.class).single();
	}

	private int count(String sql, String param) {
		return this.jdbc.sql(sql).param(param).query(Integer.class).single();
	}

}
