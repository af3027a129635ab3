package dev.observatory.autonomy;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import com.zaxxer.hikari.HikariDataSource;
import dev.observatory.ObservatoryApplication;
import dev.observatory.test.Await;
import dev.observatory.test.Http;
import dev.observatory.test.BenchDatabase;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The autonomy loops' costs (issue: supervisor pass over 10,000 bots ≤ 50 ms; timeout pass over
 * 1,000,000 job rows ≤ 10 ms with none stale, ≤ 3 s to expire 100,000; crash seen ≤ 100 ms;
 * crash to RUNNING p95 ≤ 2 s). Not a test: run by hand with
 * {@code ./mvnw -Pbench test-compile exec:exec -Dbench.main=dev.observatory.autonomy.AutonomyBenchmark};
 * figures go to docs/performance.md. The scans run the production statements on tables built with
 * SQL; the crash figures come from the whole application, in this process, on its embedded database.
 */
public final class AutonomyBenchmark {

	private AutonomyBenchmark() {
	}

	public static void main(String[] args) throws Exception {
		System.out.printf("machine: %d cores, JDK %s%n", Runtime.getRuntime().availableProcessors(), Runtime.version());
		try (EmbeddedPostgres postgres = BenchDatabase.start();
				HikariDataSource pool = BenchDatabase.migratedPool(postgres, 2)) {
			JdbcClient jdbc = JdbcClient.create(pool);
			supervisorScan(jdbc);
			timeoutPass(jdbc);
		}
		crashLatency();
		System.exit(0);
	}

	/** The supervisor's scan over 10,000 bots meant to run, each with five ended instances before its live one. */
	private static void supervisorScan(JdbcClient jdbc) {
		jdbc.sql("""
				INSERT INTO bots (id, name, mode, instruments, data_provider, strategy_key, session_mode, desired_state,
				                  state, created_at, updated_at)
				SELECT gen_random_uuid(), 'bench-' || i, 'SIM', '{MES}', 'sim', 'ema_crossover', 'ALWAYS', 'RUNNING',
				       'RUNNING', now(), now() FROM generate_series(1, 10000) i""").update();
		jdbc.sql("""
				INSERT INTO runner_instances (id, bot_id, host_id, state, created_at, started_at, ended_at, exit_reason)
				SELECT gen_random_uuid(), b.id, 'h', 'TERMINATED', now() - make_interval(hours => g), now() - make_interval(hours => g),
				       now() - make_interval(hours => g) + interval '1 minute', 'EXCEPTION'
				FROM bots b, generate_series(1, 5) g""").update();
		jdbc.sql("""
				INSERT INTO runner_instances (id, bot_id, host_id, state, created_at, started_at, last_heartbeat_at, last_iteration_at)
				SELECT gen_random_uuid(), id, 'h', 'RUNNING', now(), now(), now(), now() FROM bots""").update();
		jdbc.sql("VACUUM ANALYZE").update();
		long instances = jdbc.sql("SELECT count(*) FROM runner_instances").query(Long.class).single();
		double[] healthy = time(200, () -> jdbc.sql(SupervisorDecisions.CANDIDATES)
			.param("stuckCutoff", Timestamp.from(Instant.now().minusSeconds(60)))
			.query(java.util.UUID.class)
			.list());
		jdbc.sql("""
				UPDATE runner_instances SET state = 'CRASHED', ended_at = now(), exit_reason = 'EXCEPTION'
				WHERE state = 'RUNNING' AND bot_id IN (SELECT id FROM bots ORDER BY id LIMIT 100)""").update();
		double[] some = time(200, () -> jdbc.sql(SupervisorDecisions.CANDIDATES)
			.param("stuckCutoff", Timestamp.from(Instant.now().minusSeconds(60)))
			.query(java.util.UUID.class)
			.list());
		System.out.printf("supervisor scan, 10,000 bots meant to run (%,d instances): none due median %.2f ms p95 %.2f ms;"
				+ " 100 crashed median %.2f ms p95 %.2f ms (target <= 50 ms)%n", instances, healthy[0], healthy[1], some[0],
				some[1]);
	}

	/** The timeout worker's statement over 1,000,000 job rows (and as many instances). */
	private static void timeoutPass(JdbcClient jdbc) {
		jdbc.sql("TRUNCATE bots CASCADE").update();
		jdbc.sql("""
				INSERT INTO bots (id, name, mode, instruments, data_provider, strategy_key, session_mode, desired_state,
				                  state, created_at, updated_at)
				SELECT gen_random_uuid(), 'bench-' || i, 'SIM', '{MES}', 'sim', 'ema_crossover', 'ALWAYS', 'RUNNING',
				       'RUNNING', now(), now() FROM generate_series(1, 1000) i""").update();
		jdbc.sql("""
				INSERT INTO runner_instances (id, bot_id, host_id, state, created_at, started_at, ended_at, last_heartbeat_at)
				SELECT gen_random_uuid(), b.ids[1 + i % 1000], 'h',
				       CASE WHEN i <= 1000 THEN 'RUNNING' ELSE 'TERMINATED' END, now(), now(),
				       CASE WHEN i <= 1000 THEN NULL ELSE now() END, now()
				FROM generate_series(1, 1000000) i, (SELECT array_agg(id) AS ids FROM bots) b""").update();
		jdbc.sql("""
				INSERT INTO job_runs (id, kind, bot_id, instance_id, state, heartbeat_at, created_at, started_at, ended_at)
				SELECT gen_random_uuid(), 'RUN', bot_id, id, CASE WHEN state = 'RUNNING' THEN 'RUNNING' ELSE 'SUCCEEDED' END,
				       now(), now(), now(), CASE WHEN state = 'RUNNING' THEN NULL ELSE now() END FROM runner_instances""").update();
		jdbc.sql("VACUUM ANALYZE").update();
		long jobs = jdbc.sql("SELECT count(*) FROM job_runs").query(Long.class).single();
		double[] none = time(100, () -> expire(jdbc));
		// 100,000 RUNNING rows whose heartbeat is 10 minutes old.
		jdbc.sql("""
				WITH old AS (SELECT id FROM runner_instances WHERE state = 'TERMINATED' LIMIT 100000)
				UPDATE runner_instances r SET state = 'RUNNING', ended_at = NULL, last_heartbeat_at = now() - interval '10 minutes'
				FROM old WHERE r.id = old.id""").update();
		jdbc.sql("""
				UPDATE job_runs j SET state = 'RUNNING', ended_at = NULL, heartbeat_at = now() - interval '10 minutes'
				FROM runner_instances r WHERE j.instance_id = r.id AND r.state = 'RUNNING' AND r.last_heartbeat_at < now() - interval '5 minutes'""")
			.update();
		jdbc.sql("VACUUM ANALYZE").update();
		long start = System.nanoTime();
		int expired = expire(jdbc);
		double ms = (System.nanoTime() - start) / 1e6;
		System.out.printf("timeout pass over %,d job rows and as many instances: none stale median %.2f ms p95 %.2f ms"
				+ " (target <= 10 ms); expiring 100,000 stale jobs and instances: %.0f ms, %,d FSM events written (target <= 3 s)%n",
				jobs, none[0], none[1], ms, expired);
	}

	private static int expire(JdbcClient jdbc) {
		Timestamp now = Timestamp.from(Instant.now());
		return jdbc.sql(TimeoutWorker.EXPIRE)
			.param("reason", "HEARTBEAT_TIMEOUT")
			.param("now", now)
			.param("cutoff", Timestamp.from(now.toInstant().minusSeconds(90)))
			.param("actor", "TIMEOUT_WORKER")
			.param("traceId", "bench")
			.query((rs, i) -> rs.getString(1))
			.list()
			.size();
	}

	/** Crashes on the whole application: crash → supervisor pass, and crash → RUNNING again. */
	private static void crashLatency() {
		int bots = 20;
		ConfigurableApplicationContext app = SpringApplication.run(ObservatoryApplication.class,
				"--observatory.data-dir=target/bench-app-" + System.nanoTime(), "--server.port=0",
				"--observatory.database.embedded.binaries-dir=target/pg-bin", "--observatory.runtime.claim-interval=100ms",
				"--observatory.runtime.heartbeat-interval=1s", "--observatory.runtime.tick-interval=100ms",
				"--observatory.integrations.reverify.enabled=false", "--logging.level.root=WARN");
		try {
			Http http = new Http("http://127.0.0.1:" + app.getEnvironment().getProperty("local.server.port"));
			JdbcClient jdbc = app.getBean(JdbcClient.class);
			// The verdict is BLOCKED until the loops' first passes: until then every start is refused.
			Await.until(Duration.ofSeconds(30), "the loops' first passes", () -> !"BLOCKED"
				.equals(http.get("/api/system/status").json().get("system_status").asString()));
			List<String> ids = new ArrayList<>();
			for (int i = 0; i < bots; i++) {
				String id = http.post("/api/bots", """
						{"name": "crash-%d", "mode": "SIM", "instruments": ["MES"], "data_provider": "sim",
						 "strategy_key": "ema_crossover", "session_mode": "ALWAYS"}""".formatted(i), "Content-Type",
						"application/json").json().get("id").asString();
				http.post("/api/bots/" + id + "/start", "");
				ids.add(id);
			}
			Await.until(Duration.ofSeconds(30), "all bots running", () -> jdbc.sql(
					"SELECT count(*) FROM runner_instances WHERE state = 'RUNNING'").query(Integer.class).single() == bots);
			for (String id : ids) {
				http.post("/api/bots/" + id + "/simulate-crash", "");
				Await.until(Duration.ofSeconds(30), "the restart of " + id, () -> jdbc.sql(
						"SELECT count(*) FROM runner_instances WHERE bot_id = ?::uuid AND state = 'RUNNING'").param(id)
					.query(Integer.class).single() == 1 && jdbc.sql("SELECT count(*) FROM runner_instances WHERE bot_id = ?::uuid")
					.param(id).query(Integer.class).single() == 2);
			}
			double[] seen = new double[bots];
			double[] running = new double[bots];
			for (int i = 0; i < bots; i++) {
				String id = ids.get(i);
				Instant crashed = jdbc.sql("SELECT ended_at FROM runner_instances WHERE bot_id = ?::uuid AND exit_reason = 'EXCEPTION'")
					.param(id).query(Timestamp.class).single().toInstant();
				Instant pass = jdbc.sql("SELECT min(started_at) FROM scheduler_ticks WHERE loop = 'supervisor' AND started_at >= ?")
					.param(Timestamp.from(crashed)).query(Timestamp.class).single().toInstant();
				Instant again = jdbc.sql("SELECT started_at FROM runner_instances WHERE bot_id = ?::uuid AND state = 'RUNNING'")
					.param(id).query(Timestamp.class).single().toInstant();
				seen[i] = Duration.between(crashed, pass).toNanos() / 1e6;
				running[i] = Duration.between(crashed, again).toNanos() / 1e6;
			}
			Arrays.sort(seen);
			Arrays.sort(running);
			System.out.printf("crash seen by the supervisor (crash -> first pass), %d crashes: median %.0f ms, max %.0f ms"
					+ " (target <= 100 ms; anchor: Kubernetes liveness detection ~30 s = 3 x 10 s probes, %.0fx)%n", bots,
					seen[bots / 2], seen[bots - 1], 30_000 / Math.max(seen[bots / 2], 1));
			System.out.printf("crash -> RUNNING again (1 s first backoff included), %d crashes: median %.0f ms, p95 %.0f ms"
					+ " (target p95 <= 2 s; anchor: Kubernetes' first CrashLoopBackOff restart delay 10 s, %.1fx)%n", bots,
					running[bots / 2], running[(int) Math.ceil(bots * 0.95) - 1],
					10_000 / running[(int) Math.ceil(bots * 0.95) - 1]);
		}
		finally {
			app.close();
		}
	}

	/** Median and p95 in ms of {@code runs} runs after 10 warm-ups. */
	private static double[] time(int runs, Runnable work) {
		for (int i = 0; i < 10; i++) {
			work.run();
		}
		double[] ms = new double[runs];
		for (int i = 0; i < runs; i++) {
			long start = System.nanoTime();
			work.run();
			ms[i] = (System.nanoTime() - start) / 1e6;
		}
		Arrays.sort(ms);
		return new double[] { ms[runs / 2], ms[runs * 95 / 100] };
	}


}
