package dev.observatory.status;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.Arrays;

import javax.sql.DataSource;

import dev.observatory.ObservatoryApplication;
import dev.observatory.scoring.AutonomyScores;
import dev.observatory.telemetry.UsageBenchmarks;

import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Issue 9's figure: computing the verdict with the cache bypassed, with 10,000 bots and 20 million
 * usage events in the last 24 hours (target median ≤ 5 ms, p99 ≤ 25 ms, the same at any event
 * count). Not a test: run by hand with
 * {@code ./mvnw -Pbench clean test-compile exec:exec -Dbench.main=dev.observatory.status.StatusBenchmark};
 * figures go to docs/performance.md. Bots, scores and usage (events and the pipeline's roll-ups) are
 * built with SQL; the computation is the application's own ({@link SystemStatus#compute()}).
 */
public final class StatusBenchmark {

	private static final long EVENTS = Long.getLong("bench.summary-events", 20_000_000);

	private StatusBenchmark() {
	}

	public static void main(String[] args) throws Exception {
		System.out.printf("machine: %d cores, JDK %s%n", Runtime.getRuntime().availableProcessors(), Runtime.version());
		ConfigurableApplicationContext app = SpringApplication.run(ObservatoryApplication.class,
				"--observatory.data-dir=target/bench-app-" + System.nanoTime(), "--server.port=0",
				"--observatory.database.embedded.binaries-dir=target/pg-bin", "--observatory.runtime.enabled=false",
				"--observatory.integrations.reverify.enabled=false", "--observatory.scoring.initial-delay=1h",
				"--observatory.telemetry.postgres-usage-interval=1h", "--logging.level.root=WARN",
				// The benchmark's bots want to run and no runner runs them: a supervisor pass would try to restart
				// every one of them, on the same two cores as the measurement.
				"--observatory.autonomy.supervisor.initial-delay=1h", "--observatory.autonomy.supervisor.wake-on-failure=false");
		try {
			JdbcClient jdbc = app.getBean(JdbcClient.class);
			SystemStatus status = app.getBean(SystemStatus.class);
			jdbc.sql("""
					INSERT INTO bots (id, name, mode, instruments, data_provider, strategy_key, session_mode, desired_state,
					                  state, created_at, updated_at)
					SELECT gen_random_uuid(), 'bench-' || i, (ARRAY['SIM', 'PAPER'])[1 + i % 2], '{MES}',
					       (ARRAY['sim', 'databento'])[1 + i % 2], 'ema_crossover', 'EXCHANGE',
					       CASE WHEN i % 5 = 0 THEN 'STOPPED' ELSE 'RUNNING' END,
					       (ARRAY['RUNNING', 'RUNNING', 'RUNNING', 'DEGRADED', 'STOPPED', 'BLOCKED'])[1 + i % 6], now(), now()
					FROM generate_series(1, 10000) i""").update();
			app.getBean(AutonomyScores.class).passAll();
			// What the status watch does every pass: the counts' deltas folded in.
			app.getBean(dev.observatory.bots.FleetCounts.class).compact();
			jdbc.sql("ANALYZE").update();
			measure(status, "10,000 bots, no usage events");
			parts(app.getBean(io.micrometer.core.instrument.MeterRegistry.class));
			// A week of every loop's ticks, at the status watch's 30 s (the most frequent loop), as seven days of
			// retention leave them: the scheduler part must not grow with the uptime.
			long ticks = jdbc.sql("""
					INSERT INTO scheduler_ticks (id, loop, replica, started_at, finished_at, outcome, trace_id)
					SELECT gen_random_uuid(), l.loop, 'bench', now() - g * interval '30 seconds',
					       now() - g * interval '30 seconds' + interval '5 milliseconds',
					       CASE WHEN g % 97 = 0 THEN 'FAILED' ELSE 'OK' END, 'bench'
					FROM (SELECT DISTINCT loop FROM scheduler_ticks) l, generate_series(1, 20160) g""").update();
			// And a year of re-verifies every 10 minutes for every provider: the newest check is all the verdict reads.
			long checks = jdbc.sql("""
					INSERT INTO integration_checks (id, provider, checked_at, configured, connected, diagnostics, trace_id)
					SELECT gen_random_uuid(), p, now() - g * interval '10 minutes', true, g % 50 <> 0,
					       '[{"code":"OK","message":"bench"}]'::jsonb, 'bench'
					FROM unnest(ARRAY['databento','polygon','tradovate','ironbeam','openai','anthropic','discord','smtp',
					                  'supabase','postgres']) p, generate_series(1, 52560) g""").update();
			jdbc.sql("ANALYZE scheduler_ticks").update();
			jdbc.sql("ANALYZE integration_checks").update();
			measure(status, String.format("10,000 bots, a week of loop ticks (%,d rows), a year of verifies (%,d rows)",
					ticks, checks));
			parts(app.getBean(io.micrometer.core.instrument.MeterRegistry.class));
			if (EVENTS > 0) {
				long started = System.nanoTime();
				try (Connection connection = app.getBean(DataSource.class).getConnection();
						Statement statement = connection.createStatement()) {
					UsageBenchmarks.buildDataset(statement, EVENTS);
				}
				System.out.printf("usage built with SQL in %.0f s: %,d events, %,d minute and %,d hour roll-up rows%n",
						(System.nanoTime() - started) / 1e9,
						jdbc.sql("SELECT count(*) FROM integration_usage_events").query(Long.class).single(),
						jdbc.sql("SELECT count(*) FROM integration_usage_minute").query(Long.class).single(),
						jdbc.sql("SELECT count(*) FROM integration_usage_hour").query(Long.class).single());
				measure(status, String.format("10,000 bots, %,d usage events in 24 h", EVENTS));
				parts(app.getBean(io.micrometer.core.instrument.MeterRegistry.class));
			}
		}
		finally {
			app.close();
		}
		System.exit(0);
	}

	/** Each part of the snapshot's mean time over every computation so far ({@code observatory.status.part}). */
	private static void parts(io.micrometer.core.instrument.MeterRegistry meters) {
		meters.find("observatory.status.part").timers().stream()
			.sorted(java.util.Comparator.comparingDouble((io.micrometer.core.instrument.Timer t) -> -t.mean(
					java.util.concurrent.TimeUnit.MILLISECONDS)))
			.forEach((timer) -> System.out.printf("  part %-14s mean %6.2f ms over %d computations%n",
					timer.getId().getTag("part"), timer.mean(java.util.concurrent.TimeUnit.MILLISECONDS), timer.count()));
		// The next dataset's figures start from zero.
		meters.find("observatory.status.part").timers().forEach(meters::remove);
	}

	private static void measure(SystemStatus status, String dataset) {
		// Warmed up by time, not by a count: 50 runs left the JIT compiling through the measurement, which
		// then read a millisecond or two slower than the same code measured again a minute later.
		long warmUntil = System.nanoTime() + Duration.ofSeconds(20).toNanos();
		int warmUp = 0;
		while (System.nanoTime() < warmUntil) {
			status.compute();
			warmUp++;
		}
		double[] ms = new double[1000];
		for (int i = 0; i < ms.length; i++) {
			long started = System.nanoTime();
			status.compute();
			ms[i] = (System.nanoTime() - started) / 1e6;
		}
		Arrays.sort(ms);
		SystemStatus.Envelope last = status.compute();
		System.out.printf("verdict computed, cache bypassed, %s: median %.2f ms, p99 %.2f ms, max %.2f ms (1,000 runs"
				+ " after %,d in 20 s of warm-up; target median <= 5 ms, p99 <= 25 ms); verdict %s%n", dataset, ms[500],
				ms[990], ms[999], warmUp, last.systemStatus());
	}

}
