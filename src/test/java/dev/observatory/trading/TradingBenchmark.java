package dev.observatory.trading;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import dev.observatory.ObservatoryApplication;
import dev.observatory.bots.BotService;
import dev.observatory.test.Await;
import dev.observatory.trading.risk.RiskEngine;
import dev.observatory.variables.VariableAccessBenchmark;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.OptionsBuilder;

import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Issue 7's figures: decisions per second for 1,000 SIM bots on one host, and the cost of
 * variable-access tracking per read. Not a test: run by hand with
 * {@code ./mvnw -Pbench test-compile exec:exec -Dbench.main=dev.observatory.trading.TradingBenchmark};
 * figures go to docs/performance.md.
 *
 * <p>The decisions run the whole trader of each bot — SIM feed, indicators, strategy, risk engine,
 * paper venue and ledger, traces, variable roll-ups — on the whole application in this process, on
 * its embedded database, each bot on its own virtual thread as the runner host runs them. Time is
 * simulated (one step a simulated second, a decision per 5-second bar), so the figure is how fast
 * the host can decide, not how fast the market moves.
 */
public final class TradingBenchmark {

	private static final int BOTS = Integer.getInteger("bench.bots", 1000);

	private static final int SECONDS = Integer.getInteger("bench.simulated-seconds", 600);

	private TradingBenchmark() {
	}

	public static void main(String[] args) throws Exception {
		System.out.printf("machine: %d cores, JDK %s%n", Runtime.getRuntime().availableProcessors(), Runtime.version());
		variableAccess();
		decisions();
		System.exit(0);
	}

	private static void variableAccess() throws Exception {
		Collection<RunResult> results = new Runner(new OptionsBuilder().include(VariableAccessBenchmark.class.getName())
			.forks(1)
			.warmupIterations(3)
			.warmupTime(org.openjdk.jmh.runner.options.TimeValue.seconds(1))
			.measurementIterations(5)
			.measurementTime(org.openjdk.jmh.runner.options.TimeValue.seconds(1))
			.build()).run();
		double counted = 0;
		double peek = 0;
		for (RunResult result : results) {
			double score = result.getPrimaryResult().getScore();
			if (result.getParams().getBenchmark().endsWith("countedRead")) {
				counted = score;
			}
			else {
				peek = score;
			}
		}
		System.out.printf("variable read: counted %.2f ns, uncounted %.2f ns: tracking costs %.2f ns a read%n", counted,
				peek, counted - peek);
	}

	private static void decisions() throws Exception {
		ConfigurableApplicationContext app = SpringApplication.run(ObservatoryApplication.class,
				"--observatory.data-dir=target/bench-app-" + System.nanoTime(), "--server.port=0",
				"--observatory.database.embedded.binaries-dir=target/pg-bin", "--observatory.runtime.enabled=false",
				"--observatory.integrations.reverify.enabled=false", "--observatory.database.pool-size=12",
				// A thousand bots stepping as fast as they can queue for connections far longer than a paced host would.
				"--observatory.database.connect-timeout=300s",
				"--logging.level.root=WARN");
		try {
			JdbcClient jdbc = app.getBean(JdbcClient.class);
			jdbc.sql("""
					INSERT INTO bots (id, name, mode, instruments, data_provider, strategy_key, strategy_params, risk_limits,
					                  session_mode, created_at, updated_at)
					SELECT gen_random_uuid(), 'bench-' || i, 'SIM', '{MES}', 'sim', 'ema_crossover',
					       '{"fast_period": 3, "slow_period": 8, "bar_seconds": 5, "quantity": 1, "cooldown_seconds": 15}',
					       '{"max_orders_per_minute": 100}', 'ALWAYS', now(), now()
					FROM generate_series(1, ?) i""").param(BOTS).update();
			RiskEngine risk = app.getBean(RiskEngine.class);
			long version = jdbc.sql("SELECT version FROM risk_limits_epoch").query(Long.class).single();
			Await.until(Duration.ofSeconds(30), "the risk engine holding the bots' limits", () -> {
				Long held = risk.connection().version();
				return held != null && held >= version;
			});
			BotService bots = app.getBean(BotService.class);
			TradingRuntime trading = app.getBean(TradingRuntime.class);
			List<BotService.Bot> fleet = bots.all();
			Instant from = Instant.parse("2026-11-25T15:00:00Z");
			long started = System.nanoTime();
			long decisions = 0;
			try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
				List<Future<Long>> runs = new ArrayList<>();
				for (BotService.Bot bot : fleet) {
					runs.add(threads.submit(() -> {
						BotTrader trader = trading.open(bot, UUID.randomUUID(), bot.id().getLeastSignificantBits(), 0.001);
						Instant now = from;
						for (int i = 0; i < SECONDS; i++) {
							trader.step(now);
							now = now.plusSeconds(1);
						}
						trader.close(now);
						return trader.decisions();
					}));
				}
				for (Future<Long> run : runs) {
					decisions += run.get();
				}
			}
			double seconds = (System.nanoTime() - started) / 1e9;
			long orders = jdbc.sql("SELECT count(*) FROM orders").query(Long.class).single();
			long noTrades = jdbc.sql("SELECT coalesce(sum(occurrences), 0) FROM no_trade_traces").query(Long.class).single();
			long accessRows = jdbc.sql("SELECT count(*) FROM variable_access_minute").query(Long.class).single();
			System.out.printf("%,d SIM bots x %,d simulated seconds: %,d steps, %,d decisions (5 s bars) in %.1f s:"
					+ " %,.0f decisions/s, %,.0f steps/s; %,d orders, %,d suppressions, %,d variable roll-up rows%n", fleet.size(),
					SECONDS, (long) fleet.size() * SECONDS, decisions, seconds, decisions / seconds,
					fleet.size() * (double) SECONDS / seconds, orders, noTrades, accessRows);
		}
		finally {
			app.close();
		}
	}

}
