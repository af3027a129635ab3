package dev.observatory.scoring;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Arrays;

import dev.observatory.ObservatoryApplication;
import dev.observatory.common.locks.LoopTicks;

import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Issue 10's figure: one scoring pass over 10,000 bots with 7 days of history, target ≤ 2 s. Not a
 * test: run by hand with
 * {@code ./mvnw -Pbench test-compile exec:exec -Dbench.main=dev.observatory.scoring.ScoringBenchmark};
 * figures go to docs/performance.md. The history is built with SQL ({@code generate_series}); the
 * pass is the production loop's, on the whole application in this process, on its embedded database.
 */
public final class ScoringBenchmark {

	private static final int BOTS = Integer.getInteger("bench.bots", 10_000);

	private ScoringBenchmark() {
	}

	public static void main(String[] args) {
		System.out.printf("machine: %d cores, JDK %s%n", Runtime.getRuntime().availableProcessors(), Runtime.version());
		ConfigurableApplicationContext app = SpringApplication.run(ObservatoryApplication.class,
				"--observatory.data-dir=target/bench-app-" + System.nanoTime(), "--server.port=0",
				"--observatory.database.embedded.binaries-dir=target/pg-bin", "--observatory.runtime.enabled=false",
				"--observatory.integrations.reverify.enabled=false", "--observatory.scoring.initial-delay=1h",
				"--logging.level.root=WARN");
		try {
			JdbcClient jdbc = app.getBean(JdbcClient.class);
			long built = System.nanoTime();
			history(jdbc);
			System.out.printf("history built in %.1f s: %s%n", (System.nanoTime() - built) / 1e9, sizes(jdbc));
			if (Boolean.getBoolean("bench.explain")) {
				jdbc.sql("EXPLAIN (ANALYZE, BUFFERS) " + AutonomyScores.INPUTS)
					.param("bot", null)
					.param("since", Timestamp.from(Instant.now().minusSeconds(7 * 86_400)))
					.param("now", Timestamp.from(Instant.now()))
					.param("defaultDailyLoss", 500)
					.query(String.class)
					.list()
					.forEach(System.out::println);
			}
			ScoringLoop loop = app.getBean(ScoringLoop.class);
			double[] pass = new double[5];
			for (int i = 0; i < 5; i++) {
				long started = System.nanoTime();
				LoopTicks.Tick tick = loop.tick();
				pass[i] = (System.nanoTime() - started) / 1e6;
				if (!"OK".equals(tick.outcome())) {
					throw new IllegalStateException("pass failed: " + tick);
				}
			}
			Arrays.sort(pass);
			System.out.printf("%,d bots, 7 days: whole pass (the inputs statement, scoring, %,d history rows and current"
					+ " tiers written) median %.0f ms (min %.0f, max %.0f); target <= 2000 ms%n", BOTS, BOTS, pass[2], pass[0],
					pass[4]);
		}
		finally {
			app.close();
		}
		System.exit(0);
	}

	/** Per bot over the last 7 days: 50 runs (3 crashed), 20 events, 100 decisions, 60 orders and fills, 30 trades. */
	private static void history(JdbcClient jdbc) {
		jdbc.sql("""
				INSERT INTO bots (id, name, mode, instruments, data_provider, strategy_key, session_mode, created_at, updated_at)
				SELECT gen_random_uuid(), 'bench-' || i, CASE WHEN i % 10 = 0 THEN 'PAPER' ELSE 'SIM' END, '{MES}',
				       CASE WHEN i % 10 = 0 THEN 'databento' ELSE 'sim' END, 'ema_crossover', 'EXCHANGE',
				       now() - interval '8 days', now()
				FROM generate_series(1, ?) i""").param(BOTS).update();
		jdbc.sql("""
				INSERT INTO runner_instances (id, bot_id, host_id, state, created_at, started_at, ended_at, exit_reason)
				SELECT gen_random_uuid(), b.id, 'h', 'TERMINATED', now() - make_interval(hours => g * 3),
				       now() - make_interval(hours => g * 3), now() - make_interval(hours => g * 3) + interval '2 hours',
				       CASE WHEN g % 17 = 0 THEN 'EXCEPTION' ELSE 'STOPPED' END
				FROM bots b, generate_series(1, 50) g""").update();
		jdbc.sql("""
				INSERT INTO autonomy_events (id, bot_id, kind, cause, trace_id, at)
				SELECT gen_random_uuid(), b.id, (ARRAY['RESTART', 'DATA_FALLBACK', 'DATA_RESTORED', 'START_REFUSED'])[1 + g % 4],
				       'bench', 't', now() - make_interval(hours => g * 8)
				FROM bots b, generate_series(1, 20) g""").update();
		jdbc.sql("""
				INSERT INTO decision_traces (id, bot_id, decision_time, action, reasons, signals_snapshot_safe_json, confidence,
				                             mode, data_source, source, trace_id, created_at)
				SELECT gen_random_uuid(), b.id, now() - make_interval(mins => g * 97), CASE WHEN g % 2 = 0 THEN 'ENTER' ELSE 'EXIT' END,
				       '[{"rule": "EMA_CROSS_UP"}]', '{"ema_fast": 1}', 0.5, b.mode, b.data_provider, 'RUNTIME', 't', now()
				FROM bots b, generate_series(1, 100) g""").update();
		jdbc.sql("""
				INSERT INTO no_trade_traces (id, bot_id, decision_time, last_seen_at, occurrences, suppression_type,
				    suppression_reason, would_have_traded, mode, data_source, source, trace_id)
				SELECT gen_random_uuid(), b.id, now() - make_interval(hours => g * 8), now() - make_interval(hours => g * 8), 3,
				       (ARRAY['RISK_BLOCK', 'DATA_MISSING', 'COOLDOWN', 'OUTSIDE_SESSION'])[1 + g % 4], 'bench', true, b.mode,
				       b.data_provider, 'RUNTIME', 't'
				FROM bots b, generate_series(1, 20) g""").update();
		jdbc.sql("""
				INSERT INTO orders (id, bot_id, client_order_id, symbol, side, quantity, order_type, intent, status, venue,
				                    mode, data_source, trace_id, created_at, updated_at)
				SELECT gen_random_uuid(), b.id, b.id || '-' || g, 'MES', 'BUY', 1, 'MARKET', 'ENTER',
				       CASE WHEN g % 20 = 0 THEN 'REJECTED' ELSE 'FILLED' END, 'paper', b.mode, b.data_provider, 't',
				       now() - make_interval(mins => g * 160), now() - make_interval(mins => g * 160)
				FROM bots b, generate_series(1, 60) g""").update();
		jdbc.sql("""
				INSERT INTO fills (id, order_id, bot_id, symbol, side, quantity, price, simulated, venue, mode, data_source,
				                   trace_id, filled_at)
				SELECT gen_random_uuid(), o.id, o.bot_id, o.symbol, o.side, o.quantity, 6000, true, 'paper', o.mode,
				       o.data_source, 't', o.created_at + interval '1 second'
				FROM orders o WHERE o.status = 'FILLED'""").update();
		jdbc.sql("""
				INSERT INTO trade_log (id, bot_id, symbol, direction, quantity, status, entry_order_id, entry_time, entry_price,
				                       exit_time, exit_price, realized_pnl, mode, data_source, trace_id)
				SELECT gen_random_uuid(), b.id, 'MES', 'LONG', 1, 'CLOSED', gen_random_uuid(), now() - make_interval(hours => g * 5),
				       6000, now() - make_interval(hours => g * 5) + interval '10 minutes', 6000 + (g % 7) - 3,
				       ((g % 7) - 3) * 5, b.mode, b.data_provider, 't'
				FROM bots b, generate_series(1, 30) g""").update();
		jdbc.sql("VACUUM ANALYZE").update();
	}

	private static String sizes(JdbcClient jdbc) {
		StringBuilder sizes = new StringBuilder();
		for (String table : new String[] { "bots", "runner_instances", "autonomy_events", "decision_traces",
				"no_trade_traces", "orders", "fills", "trade_log" }) {
			sizes.append(table).append(' ')
				.append(String.format("%,d", jdbc.sql("SELECT count(*) FROM " + table).query(Long.class).single()))
				.append("; ");
		}
		return sizes.toString();
	}

}
