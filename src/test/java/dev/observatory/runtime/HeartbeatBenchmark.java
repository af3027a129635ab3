package dev.observatory.runtime;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

import com.zaxxer.hikari.HikariDataSource;
import dev.observatory.test.BenchDatabase;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

/**
 * The runner host's heartbeat cost (issue: one statement per host per period, whatever the bot
 * count). Not a test: run by hand with
 * {@code ./mvnw -Pbench test-compile exec:exec -Dbench.main=dev.observatory.runtime.HeartbeatBenchmark};
 * figures go to docs/performance.md. For each fleet size it builds that many RUNNING bots, instances
 * and jobs on one host with SQL, then times the production heartbeat statement with every bot
 * iterated, and reads the database backend's own CPU time from /proc around the run.
 */
public final class HeartbeatBenchmark {

	private static final String HOST = "bench-host";

	private static final int BEATS = 300;

	private HeartbeatBenchmark() {
	}

	public static void main(String[] args) throws Exception {
		System.out.printf("machine: %d cores, JDK %s%n", Runtime.getRuntime().availableProcessors(), Runtime.version());
		try (EmbeddedPostgres postgres = BenchDatabase.start();
				HikariDataSource pool = BenchDatabase.migratedPool(postgres, 2)) {
			// One connection: the backend whose CPU is read is the one that runs every beat.
			SingleConnectionDataSource single = new SingleConnectionDataSource(postgres.getJdbcUrl("postgres", "postgres"),
					true);
			JdbcClient jdbc = JdbcClient.create(single);
			Heartbeats heartbeats = new Heartbeats(jdbc);
			long backend = jdbc.sql("SELECT pg_backend_pid()").query(Long.class).single();
			for (int bots : new int[] { 100, 1_000, 10_000 }) {
				measure(jdbc, heartbeats, backend, bots);
			}
		}
	}

	private static void measure(JdbcClient jdbc, Heartbeats heartbeats, long backend, int bots) throws Exception {
		jdbc.sql("TRUNCATE bots CASCADE").update();
		jdbc.sql("""
				INSERT INTO bots (id, name, mode, instruments, data_provider, strategy_key, session_mode, desired_state,
				                  state, created_at, updated_at)
				SELECT gen_random_uuid(), 'bench-' || i, 'SIM', '{MES}', 'sim', 'ema_crossover', 'ALWAYS', 'RUNNING',
				       'RUNNING', now(), now() FROM generate_series(1, ?) i""").param(bots).update();
		jdbc.sql("""
				INSERT INTO runner_instances (id, bot_id, host_id, state, created_at, started_at, last_heartbeat_at)
				SELECT gen_random_uuid(), id, ?, 'RUNNING', now(), now(), now() FROM bots""").param(HOST).update();
		jdbc.sql("""
				INSERT INTO job_runs (id, kind, bot_id, instance_id, state, heartbeat_at, created_at, started_at)
				SELECT gen_random_uuid(), 'RUN', bot_id, id, 'RUNNING', now(), now(), now() FROM runner_instances""")
			.update();
		jdbc.sql("VACUUM ANALYZE").update();
		List<UUID> ids = jdbc.sql("SELECT id FROM runner_instances").query(UUID.class).list();
		for (int i = 0; i < 30; i++) {
			beat(heartbeats, ids);
		}
		long cpuBefore = backendCpuTicks(backend);
		long[] nanos = new long[BEATS];
		for (int i = 0; i < BEATS; i++) {
			long start = System.nanoTime();
			int alive = beat(heartbeats, ids);
			nanos[i] = System.nanoTime() - start;
			if (alive != bots) {
				throw new IllegalStateException("the heartbeat saw " + alive + " of " + bots + " instances");
			}
		}
		long cpuTicks = backendCpuTicks(backend) - cpuBefore;
		Arrays.sort(nanos);
		double cpuMsPerBeat = cpuTicks * 10.0 / BEATS;
		System.out.printf("%,d bots on one host (%,d instances, %,d jobs): 1 statement per beat; "
				+ "median %.2f ms, p95 %.2f ms, p99 %.2f ms over %d beats; database backend CPU %.2f ms per beat "
				+ "= %.3f %% of one core at the 5 s default period%n", bots, bots, bots, nanos[BEATS / 2] / 1e6,
				nanos[BEATS * 95 / 100] / 1e6, nanos[BEATS * 99 / 100] / 1e6, BEATS, cpuMsPerBeat, cpuMsPerBeat / 5_000 * 100);
	}

	private static int beat(Heartbeats heartbeats, List<UUID> ids) {
		Timestamp now = Timestamp.from(Instant.now().truncatedTo(ChronoUnit.MICROS));
		List<Timestamp> iterated = new ArrayList<>(ids.size());
		for (int i = 0; i < ids.size(); i++) {
			iterated.add(now);
		}
		return heartbeats.beat(HOST, ids, iterated, now).size();
	}

	/** utime + stime of the backend serving the pool's one connection, in clock ticks (1/100 s). */
	private static long backendCpuTicks(long pid) throws Exception {
		String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
		String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
		return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
	}


}
