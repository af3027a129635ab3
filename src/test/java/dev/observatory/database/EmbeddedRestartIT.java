package dev.observatory.database;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;

import dev.observatory.test.ObservatoryProcess;
import dev.observatory.test.Tokens;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The embedded default keeps its data across restarts, durably, and recovers from a kill -9 that
 * leaves its PostgreSQL running: the next start stops the orphan and starts afresh on the same data.
 */
class EmbeddedRestartIT {

	@Test
	void dataSurvivesAKillAndTheOrphanedServerIsReplaced() throws Exception {
		Path workDir = Files.createTempDirectory(Path.of("target"), "restart-it-").toAbsolutePath();
		int dbPort = ObservatoryProcess.freePort();
		Tokens admin = Tokens.random("ADMIN");
		Map<String, String> env = Map.of("OBSERVATORY_API_TOKENS", admin.entry(),
				"OBSERVATORY_DATABASE_EMBEDDED_PORT", String.valueOf(dbPort),
				"OBSERVATORY_DATABASE_EMBEDDED_BINARIES_DIR", Path.of("target/pg-bin").toAbsolutePath().toString());

		long firstPid;
		try (ObservatoryProcess first = ObservatoryProcess.start(workDir, env, "--server.address=127.0.0.1")) {
			long started = System.nanoTime();
			assertThat(first.awaitReady(Duration.ofSeconds(90))).as(first::output).isTrue();
			System.out.printf("first start (fresh data dir): health UP after %d ms%n", (System.nanoTime() - started) / 1_000_000);
			// A failed sign-in is audited: a row written through the public surface.
			assertThat(first.http().post("/login", "token=wrong", "Content-Type", "application/x-www-form-urlencoded").status())
				.isEqualTo(302);
			assertThat(countFailedSignIns(dbPort)).isEqualTo(1);
			firstPid = postmasterPid(workDir);
			first.killHard();
		}
		assertThat(ProcessHandle.of(firstPid).map(ProcessHandle::isAlive)).as("PostgreSQL outlives kill -9").contains(true);

		try (ObservatoryProcess second = ObservatoryProcess.start(workDir, env, "--server.address=127.0.0.1")) {
			long started = System.nanoTime();
			assertThat(second.awaitReady(Duration.ofSeconds(90))).as(second::output).isTrue();
			System.out.printf("restart after kill -9 (existing data dir): health UP after %d ms%n",
					(System.nanoTime() - started) / 1_000_000);
			assertThat(second.output()).contains("left running by a process that was killed");
			assertThat(ProcessHandle.of(firstPid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
			assertThat(countFailedSignIns(dbPort)).as("row written before the kill").isEqualTo(1);
			assertThat(setting(dbPort, "fsync")).isEqualTo("on");
			assertThat(setting(dbPort, "synchronous_commit")).isEqualTo("on");
		}
	}

	private static long postmasterPid(Path workDir) throws Exception {
		return Long.parseLong(Files.readAllLines(workDir.resolve("data/pg/postmaster.pid")).get(0).strip());
	}

	private static int countFailedSignIns(int port) throws SQLException {
		return Integer.parseInt(query(port, "SELECT count(*) FROM audit_events WHERE action = 'SIGN_IN' AND outcome = 'FAILURE'"));
	}

	private static String setting(int port, String name) throws SQLException {
		return query(port, "SHOW " + name);
	}

	private static String query(int port, String sql) throws SQLException {
		PGSimpleDataSource dataSource = new PGSimpleDataSource();
		dataSource.setURL("jdbc:postgresql://localhost:" + port + "/postgres");
		dataSource.setUser("postgres");
		try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement();
				ResultSet rows = statement.executeQuery(sql)) {
			rows.next();
			return rows.getString(1);
		}
	}

}
