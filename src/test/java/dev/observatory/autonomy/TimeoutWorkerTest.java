package dev.observatory.autonomy;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import dev.observatory.common.locks.LoopTicks;
import dev.observatory.test.Http;
import dev.observatory.test.Loops;
import dev.observatory.test.ObservatoryTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/** Spec acceptance test 3: a stale RUNNING job is timed out with HEARTBEAT_TIMEOUT and an FSM event. */
@ObservatoryTest
class TimeoutWorkerTest {

	@LocalServerPort
	int port;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	TimeoutWorker worker;

	@BeforeEach
	void clean() {
		Loops.awaitStartupPasses(this.jdbc);
		this.jdbc.sql("DELETE FROM bots").update();
		this.jdbc.sql("DELETE FROM job_run_events").update();
	}

	@Test
	void aJobWhoseHeartbeatIsTenMinutesOldIsTimedOutWithAnFsmEvent() {
		Row stale = runningBot("stale", Duration.ofMinutes(10));
		Row fresh = runningBot("fresh", Duration.ofSeconds(5));

		LoopTicks.Tick tick = this.worker.tick();

		assertThat(tick.outcome()).isEqualTo("OK");
		assertThat(this.jdbc.sql("SELECT state || ' ' || reason_code FROM job_runs WHERE id = ?").param(stale.job())
			.query(String.class).single()).isEqualTo("TIMEOUT HEARTBEAT_TIMEOUT");
		assertThat(this.jdbc.sql("SELECT state || ' ' || exit_reason FROM runner_instances WHERE id = ?").param(stale.instance())
			.query(String.class).single()).isEqualTo("TIMED_OUT HEARTBEAT_TIMEOUT");
		List<String> events = this.jdbc.sql("""
				SELECT entity || ':' || from_state || '>' || to_state || ' ' || reason_code || ' ' || actor || ' ' || trace_id
				FROM job_run_events WHERE bot_id = ? ORDER BY entity""").param(stale.bot()).query(String.class).list();
		assertThat(events).containsExactly("INSTANCE:RUNNING>TIMED_OUT HEARTBEAT_TIMEOUT TIMEOUT_WORKER " + tick.traceId(),
				"JOB:RUNNING>TIMEOUT HEARTBEAT_TIMEOUT TIMEOUT_WORKER " + tick.traceId());
		assertThat(this.jdbc.sql("SELECT state FROM job_runs WHERE id = ?").param(fresh.job()).query(String.class).single())
			.as("a fresh heartbeat is left alone").isEqualTo("RUNNING");
		assertThat(tick.decided()).containsEntry("jobs_timed_out", 1L).containsEntry("instances_timed_out", 1L);

		JsonNode status = new Http("http://127.0.0.1:" + this.port).get("/api/scheduler/status").json();
		JsonNode loop = loop(status, TimeoutWorker.LOOP);
		assertThat(loop.get("last_tick_at").isNull()).isFalse();
		assertThat(loop.get("last_decided").get("jobs_timed_out").asInt()).isEqualTo(1);
		assertThat(loop.get("last_outcome").asString()).isEqualTo("OK");

		LoopTicks.Tick again = this.worker.tick();
		assertThat(again.decided()).as("idempotent").containsEntry("jobs_timed_out", 0L);
		assertThat(this.jdbc.sql("SELECT count(*) FROM job_run_events").query(Integer.class).single()).isEqualTo(2);
	}

	@Test
	void twoWorkersAtOnceChangeEachRowOnce() {
		for (int i = 0; i < 50; i++) {
			runningBot("race-" + i, Duration.ofMinutes(10));
		}
		CompletableFuture<LoopTicks.Tick> first = CompletableFuture.supplyAsync(this.worker::tick);
		CompletableFuture<LoopTicks.Tick> second = CompletableFuture.supplyAsync(this.worker::tick);
		long changed = (Long) first.join().decided().get("jobs_timed_out") + (Long) second.join().decided().get("jobs_timed_out");
		assertThat(changed).isEqualTo(50);
		assertThat(this.jdbc.sql("SELECT count(*) FROM job_run_events WHERE entity = 'JOB'").query(Integer.class).single())
			.isEqualTo(50);
		assertThat(this.jdbc.sql("SELECT count(DISTINCT entity_id) FROM job_run_events WHERE entity = 'INSTANCE'")
			.query(Integer.class).single()).isEqualTo(50);
	}

	static JsonNode loop(JsonNode status, String name) {
		for (JsonNode loop : status.get("loops")) {
			if (loop.get("name").asString().equals(name)) {
				return loop;
			}
		}
		throw new AssertionError("no loop " + name + " in " + status);
	}

	private Row runningBot(String name, Duration heartbeatAge) {
		UUID bot = UUID.randomUUID();
		UUID instance = UUID.randomUUID();
		UUID job = UUID.randomUUID();
		String beat = "now() - interval '" + heartbeatAge.toSeconds() + " seconds'";
		this.jdbc.sql("""
				INSERT INTO bots (id, name, mode, instruments, data_provider, strategy_key, desired_state, state, created_at, updated_at)
				VALUES (?, ?, 'SIM', '{MES}', 'sim', 'ema_crossover', 'RUNNING', 'RUNNING', now(), now())""")
			.params(bot, name)
			.update();
		this.jdbc.sql("INSERT INTO runner_instances (id, bot_id, host_id, state, created_at, started_at, last_heartbeat_at)"
				+ " VALUES (?, ?, 'gone-host', 'RUNNING', now(), now(), " + beat + ")").params(instance, bot).update();
		this.jdbc.sql("INSERT INTO job_runs (id, kind, bot_id, instance_id, state, heartbeat_at, created_at, started_at)"
				+ " VALUES (?, 'RUN', ?, ?, 'RUNNING', " + beat + ", now(), now())").params(job, bot, instance).update();
		return new Row(bot, instance, job);
	}

	private record Row(UUID bot, UUID instance, UUID job) {
	}

}
