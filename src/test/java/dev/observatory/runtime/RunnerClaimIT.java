package dev.observatory.runtime;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;

import dev.observatory.test.Await;
import dev.observatory.test.ObservatoryProcess;
import dev.observatory.test.ScratchDatabase;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two runner hosts — two processes of the built jar on one PostgreSQL — race for 100 PENDING
 * instances that appear at once. Each host may run 60, so both must take part; SKIP LOCKED gives
 * every instance to exactly one of them. Then one host shuts down gracefully and hands its bots
 * over: its instances STOPPED with HOST_SHUTDOWN and, in the same transaction, a PENDING successor
 * for each, which the other host claims as far as its capacity allows.
 */
class RunnerClaimIT {

	private static final int BOTS = 100;

	@Test
	void twoHostsClaimEachInstanceExactlyOnceAndHandOverOnShutdown() throws Exception {
		try (ScratchDatabase database = ScratchDatabase.create("observatory_claim")) {
			Map<String, String> env = Map.of("DATABASE_URL",
					"postgresql://postgres@127.0.0.1:5432/" + database.name() + "?sslmode=disable");
			Path work = Files.createTempDirectory(Path.of("target"), "claim-it-").toAbsolutePath();
			String[] args = { "--server.address=127.0.0.1", "--observatory.runtime.capacity=60",
					"--observatory.runtime.claim-interval=100ms", "--observatory.runtime.heartbeat-interval=500ms",
					"--observatory.runtime.tick-interval=200ms", "--observatory.integrations.reverify.enabled=false" };
			try (ObservatoryProcess first = ObservatoryProcess.start(work.resolve("a"), env, args);
					ObservatoryProcess second = ObservatoryProcess.start(work.resolve("b"), env, args)) {
				assertThat(first.awaitReady(Duration.ofSeconds(90))).as(first::output).isTrue();
				assertThat(second.awaitReady(Duration.ofSeconds(90))).as(second::output).isTrue();

				insertPendingBots(database);
				Await.until(Duration.ofSeconds(60), "all instances claimed", () -> count(database,
						"SELECT count(*) FROM runner_instances WHERE state = 'RUNNING'") == BOTS);

				assertThat(count(database, "SELECT count(DISTINCT host_id) FROM runner_instances")).isEqualTo(2);
				assertThat(count(database, "SELECT max(n) FROM (SELECT count(*) AS n FROM runner_instances GROUP BY host_id) h"))
					.isLessThanOrEqualTo(60);
				assertThat(count(database, "SELECT count(*) FROM job_runs")).as("one job per claim").isEqualTo(BOTS);
				assertThat(count(database, "SELECT count(DISTINCT instance_id) FROM job_runs")).isEqualTo(BOTS);
				assertThat(count(database, """
						SELECT count(*) FROM job_run_events WHERE entity = 'INSTANCE' AND from_state = 'PENDING' AND to_state = 'RUNNING'"""))
					.as("one claim event per instance").isEqualTo(BOTS);
				assertThat(count(database, "SELECT count(*) FROM bots WHERE state = 'RUNNING'")).isEqualTo(BOTS);
				assertThat(first.output() + second.output()).doesNotContain("STATE_CONFLICT", "INVALID_TRANSITION");

				String firstHost = database.queryString("""
						SELECT host_id FROM runner_instances GROUP BY host_id ORDER BY count(*) DESC, host_id LIMIT 1""");
				long handedOver = count(database,
						"SELECT count(*) FROM runner_instances WHERE host_id = '" + firstHost + "' AND state = 'RUNNING'");
				ObservatoryProcess leaving = first.output().contains(firstHost) ? first : second;
				leaving.close();

				assertThat(count(database, "SELECT count(*) FROM runner_instances WHERE host_id = '" + firstHost
						+ "' AND state = 'STOPPED' AND exit_reason = 'HOST_SHUTDOWN'")).isEqualTo(handedOver);
				assertThat(count(database, "SELECT count(*) FROM runner_instances WHERE state IN ('PENDING', 'RUNNING')"))
					.as("a successor for every bot meant to run").isEqualTo(BOTS);
				ObservatoryProcess staying = (leaving == first) ? second : first;
				long stayingCapacityLeft = 60 - (BOTS - handedOver);
				Await.until(Duration.ofSeconds(30), "the remaining host filling its capacity", () -> count(database,
						"SELECT count(*) FROM runner_instances WHERE state = 'RUNNING'") == 60);
				assertThat(count(database, "SELECT count(*) FROM runner_instances WHERE state = 'PENDING'"))
					.isEqualTo(handedOver - stayingCapacityLeft);
				assertThat(staying.output()).doesNotContain("STATE_CONFLICT");
			}
		}
	}

	/** 100 SIM bots meant to run, each with a PENDING instance, committed at once. */
	private static void insertPendingBots(ScratchDatabase database) throws SQLException {
		try (Connection connection = database.connect(); Statement statement = connection.createStatement()) {
			statement.execute("""
					WITH b AS (
					  INSERT INTO bots (id, name, mode, instruments, data_provider, strategy_key, strategy_params,
					                    session_mode, desired_state, state, created_at, updated_at)
					  SELECT gen_random_uuid(), 'claim-' || i, 'SIM', '{MES}', 'sim', 'ema_crossover',
					         '{"fast_period": 3, "slow_period": 8}', 'ALWAYS', 'RUNNING', 'STARTING', now(), now()
					  FROM generate_series(1, %d) i RETURNING id)
					INSERT INTO runner_instances (id, bot_id, state, created_at)
					SELECT gen_random_uuid(), id, 'PENDING', now() FROM b""".formatted(BOTS));
		}
	}

	private static long count(ScratchDatabase database, String sql) {
		return database.queryForLong(sql);
	}

}
