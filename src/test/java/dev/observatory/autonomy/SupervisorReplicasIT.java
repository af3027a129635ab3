package dev.observatory.autonomy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.observatory.test.Await;
import dev.observatory.test.Http;
import dev.observatory.test.ObservatoryProcess;
import dev.observatory.test.ScratchDatabase;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two replicas — two processes of the built jar on one PostgreSQL — each with a runner host and the
 * autonomy loops ticking every second. A crash drill sent to one replica is restarted exactly once,
 * however many supervisor passes both replicas run afterwards, and both answer the same scheduler
 * status, read from the ticks whichever replica recorded them.
 */
class SupervisorReplicasIT {

	@Test
	void aCrashIsRestartedExactlyOnceAndBothReplicasReportTheSameLoops() throws Exception {
		try (ScratchDatabase database = ScratchDatabase.create("observatory_supervisor")) {
			Map<String, String> env = Map.of("DATABASE_URL",
					"postgresql://postgres@127.0.0.1:5432/" + database.name() + "?sslmode=disable");
			Path work = Files.createTempDirectory(Path.of("target"), "supervisor-it-").toAbsolutePath();
			String[] args = { "--server.address=127.0.0.1", "--observatory.runtime.claim-interval=100ms",
					"--observatory.runtime.heartbeat-interval=300ms", "--observatory.runtime.tick-interval=50ms",
					"--observatory.autonomy.supervisor.interval=1s", "--observatory.autonomy.supervisor.initial-delay=1s",
					"--observatory.autonomy.timeout-worker.interval=1s", "--observatory.integrations.reverify.enabled=false" };
			try (ObservatoryProcess first = ObservatoryProcess.start(work.resolve("a"), env, args);
					ObservatoryProcess second = ObservatoryProcess.start(work.resolve("b"), env, args)) {
				assertThat(first.awaitReady(Duration.ofSeconds(90))).as(first::output).isTrue();
				assertThat(second.awaitReady(Duration.ofSeconds(90))).as(second::output).isTrue();
				Http a = first.http();
				Http b = second.http();
				// Until the loops' first passes are recorded the verdict is BLOCKED and starts are refused.
				Await.until(Duration.ofSeconds(30), "the loops' first passes", () -> !"BLOCKED"
					.equals(a.get("/api/system/status").json().get("system_status").asString()));
				Http.Response created = a.post("/api/bots", """
						{"name": "replicated", "mode": "SIM", "instruments": ["MES"], "data_provider": "sim",
						 "strategy_key": "ema_crossover", "session_mode": "ALWAYS"}""", "Content-Type", "application/json");
				assertThat(created.status()).as(created.body()).isEqualTo(201);
				String id = created.json().get("id").asString();
				assertThat(a.post("/api/bots/" + id + "/start", "").status()).isEqualTo(200);
				Await.until(Duration.ofSeconds(20), "the bot running", () -> running(database) == 1);

				assertThat(b.post("/api/bots/" + id + "/simulate-crash", "").status()).isEqualTo(202);
				Await.until(Duration.ofSeconds(20), "the restart running", () -> running(database) == 1
						&& database.queryForLong("SELECT count(*) FROM runner_instances") == 2);
				long ticksAfterRestart = supervisorTicks(database);
				Await.until(Duration.ofSeconds(30), "six more supervisor passes across both replicas",
						() -> supervisorTicks(database) >= ticksAfterRestart + 6);

				assertThat(database.queryForLong("SELECT count(*) FROM autonomy_events WHERE kind = 'RESTART'"))
					.as("restarted exactly once").isEqualTo(1);
				assertThat(database.queryForLong("SELECT count(*) FROM runner_instances")).isEqualTo(2);
				assertThat(database.queryForLong("""
						SELECT count(*) FROM job_run_events WHERE entity = 'INSTANCE' AND to_state = 'TERMINATED'"""))
					.isEqualTo(1);
				assertThat(first.output() + second.output()).doesNotContain("pass failed");

				Await.until(Duration.ofSeconds(10), "both replicas answering the same loops",
						() -> loops(a).equals(loops(b)));
				JsonNode status = a.get("/api/scheduler/status").json();
				assertThat(status.get("supervisor_loop_active").asBoolean()).isTrue();
				assertThat(status.get("timeout_worker_active").asBoolean()).isTrue();
				assertThat(status.get("active").asBoolean()).isTrue();
			}
		}
	}

	private static long running(ScratchDatabase database) {
		try {
			return database.queryForLong("SELECT count(*) FROM runner_instances WHERE state = 'RUNNING'");
		}
		catch (IllegalStateException notMigratedYet) {
			return 0;
		}
	}

	private static long supervisorTicks(ScratchDatabase database) {
		return database.queryForLong("SELECT count(*) FROM scheduler_ticks WHERE loop = 'supervisor'");
	}

	/** What the two replicas must agree on: per loop, its name, activity, last tick and who ran it. */
	private static List<String> loops(Http http) {
		List<String> loops = new ArrayList<>();
		for (JsonNode loop : http.get("/api/scheduler/status").json().get("loops")) {
			loops.add(loop.get("name").asString() + " " + loop.get("active").asBoolean() + " "
					+ loop.get("last_tick_at").asString("") + " " + loop.get("last_replica").asString(""));
		}
		return loops;
	}

}
