package dev.observatory.database;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import dev.observatory.test.ObservatoryProcess;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Startup fails closed: a clear reason and a non-zero exit, never a half-started service. */
class StartupFailureIT {

	private static final Duration EXIT_WITHIN = Duration.ofSeconds(90);

	@Test
	void unreachableDatabaseIsRetriedThenNamedWithoutThePassword() throws Exception {
		int closedPort = ObservatoryProcess.freePort();
		String password = "pw-" + java.util.UUID.randomUUID();
		try (ObservatoryProcess app = start(Map.of("DATABASE_URL",
				"postgresql://observatory:" + password + "@127.0.0.1:" + closedPort + "/desk?sslmode=disable",
				"OBSERVATORY_DATABASE_STARTUP_TIMEOUT", "3s"))) {
			assertThat(app.awaitExit(EXIT_WITHIN)).as(app::output).isNotNull().isNotZero();
			assertThat(app.output()).contains("Database 127.0.0.1:" + closedPort + "/desk is unreachable after 3s")
				.contains("SQLSTATE 08001")
				.contains("retrying")
				.doesNotContain(password);
		}
	}

	@Test
	void finalDatabaseErrorFailsWithoutWaiting() throws Exception {
		String database = "missing_" + System.nanoTime();
		try (ObservatoryProcess app = start(Map.of("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/" + database,
				"OBSERVATORY_DATABASE_STARTUP_TIMEOUT", "60s"))) {
			long started = System.nanoTime();
			assertThat(app.awaitExit(EXIT_WITHIN)).as(app::output).isNotNull().isNotZero();
			assertThat(Duration.ofNanos(System.nanoTime() - started)).as("no retry on a final error")
				.isLessThan(Duration.ofSeconds(45));
			assertThat(app.output()).contains("refused the connection: SQLSTATE 3D000 (database does not exist)");
		}
	}

	@Test
	void malformedDatabaseUrlIsRefusedWithoutEchoingIt() throws Exception {
		String secretish = "s3cr3t-" + java.util.UUID.randomUUID();
		try (ObservatoryProcess app = start(Map.of("DATABASE_URL", "mysql://root:" + secretish + "@db/x"))) {
			assertThat(app.awaitExit(EXIT_WITHIN)).as(app::output).isNotNull().isNotZero();
			assertThat(app.output()).contains("DATABASE_URL cannot be used").doesNotContain(secretish);
		}
	}

	@Test
	void listeningBeyondLoopbackWithoutAuthenticationIsRefused() throws Exception {
		try (ObservatoryProcess app = start(Map.of(), "--server.address=0.0.0.0")) {
			assertThat(app.awaitExit(EXIT_WITHIN)).as(app::output).isNotNull().isNotZero();
			assertThat(app.output()).contains("Refusing to listen on 0.0.0.0 without authentication");
		}
	}

	@Test
	void failingMigrationStopsStartupNamingTheMigration() throws Exception {
		Path migrations = Files.createTempDirectory(Path.of("target"), "bad-migrations-").toAbsolutePath();
		Files.writeString(migrations.resolve("V900__broken_on_purpose.sql"), "CREATE TABLE broken (;");
		try (ObservatoryProcess app = start(Map.of(),
				"--spring.flyway.locations=classpath:db/migration,filesystem:" + migrations)) {
			assertThat(app.awaitExit(EXIT_WITHIN)).as(app::output).isNotNull().isNotZero();
			assertThat(app.output()).contains("V900__broken_on_purpose.sql");
		}
	}

	@Test
	void unusableDataDirectoryIsNamedInOneLine() throws Exception {
		Path file = Files.createTempFile(Path.of("target"), "not-a-dir", ".txt").toAbsolutePath();
		try (ObservatoryProcess app = start(Map.of("OBSERVATORY_DATA_DIR", file.resolve("data").toString()))) {
			assertThat(app.awaitExit(EXIT_WITHIN)).as(app::output).isNotNull().isNotZero();
			assertThat(app.output()).contains("Data directory " + file.resolve("data") + " cannot be created");
		}
	}

	private static ObservatoryProcess start(Map<String, String> env, String... args) throws Exception {
		Path workDir = Files.createTempDirectory(Path.of("target"), "startup-it-").toAbsolutePath();
		Map<String, String> withBinaries = new java.util.HashMap<>(env);
		withBinaries.put("OBSERVATORY_DATABASE_EMBEDDED_BINARIES_DIR", Path.of("target/pg-bin").toAbsolutePath().toString());
		return ObservatoryProcess.start(workDir, withBinaries, args);
	}

}
