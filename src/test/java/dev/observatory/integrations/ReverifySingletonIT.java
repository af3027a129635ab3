package dev.observatory.integrations;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.observatory.test.Await;
import dev.observatory.test.ObservatoryProcess;
import dev.observatory.test.ScratchDatabase;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two replicas (two processes of the built jar) on one PostgreSQL, re-verifying every 2 s: the
 * ShedLock row held for the interval makes it one pass per interval across both, so consecutive
 * checks are never closer than the interval. Without the lock each replica would run its own pass
 * and the two schedules would interleave.
 */
class ReverifySingletonIT {

	private static final Duration INTERVAL = Duration.ofSeconds(2);

	@Test
	void twoReplicasShareOnePassPerInterval() throws Exception {
		try (ScratchDatabase database = ScratchDatabase.create("observatory_reverify")) {
			Map<String, String> env = Map.of("DATABASE_URL",
					"postgresql://postgres@127.0.0.1:5432/" + database.name() + "?sslmode=disable");
			Path work = Files.createTempDirectory(Path.of("target"), "reverify-it-").toAbsolutePath();
			String[] args = { "--server.address=127.0.0.1", "--observatory.integrations.reverify.interval=2s",
					"--observatory.integrations.reverify.initial-delay=0s" };
			try (ObservatoryProcess first = ObservatoryProcess.start(work.resolve("a"), env, args);
					ObservatoryProcess second = ObservatoryProcess.start(work.resolve("b"), env, args)) {
				assertThat(first.awaitReady(Duration.ofSeconds(90))).as(first::output).isTrue();
				assertThat(second.awaitReady(Duration.ofSeconds(90))).as(second::output).isTrue();
				Await.until(Duration.ofSeconds(60), "six re-verify passes", () -> checkTimes(database).size() >= 6);
				List<Instant> times = checkTimes(database);
				for (int i = 1; i < times.size(); i++) {
					assertThat(Duration.between(times.get(i - 1), times.get(i)))
						.as("gap between pass %d and %d of %s", i - 1, i, times)
						.isGreaterThanOrEqualTo(INTERVAL.minusMillis(100));
				}
				assertThat(first.output() + second.output()).contains("Re-verified 1 configured integration(s): 1 connected");
			}
		}
	}

	private static List<Instant> checkTimes(ScratchDatabase database) {
		List<Instant> times = new ArrayList<>();
		try (Connection connection = database.connect(); Statement statement = connection.createStatement();
				ResultSet rows = statement.executeQuery(
						"SELECT checked_at FROM integration_checks WHERE provider = 'postgres' ORDER BY checked_at")) {
			while (rows.next()) {
				times.add(rows.getTimestamp(1).toInstant());
			}
		}
		catch (SQLException ex) {
			// the schema is not migrated yet: no pass either
		}
		return times;
	}

}
