package dev.observatory.test;

import java.io.IOException;
import java.nio.file.Path;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.flywaydb.core.Flyway;

/**
 * The benchmarks' database: a fresh embedded PostgreSQL under target/bench-pg, durable as in
 * production (fsync, synchronous commit and full-page writes on), migrated by the application's own
 * migrations.
 */
public final class BenchDatabase {

	private BenchDatabase() {
	}

	public static EmbeddedPostgres start() throws IOException {
		return EmbeddedPostgres.builder()
			.setDataDirectory(Path.of("target/bench-pg"))
			.setCleanDataDirectory(true)
			.setOverrideWorkingDirectory(Path.of("target/pg-bin").toFile())
			.setServerConfig("fsync", "on")
			.setServerConfig("synchronous_commit", "on")
			.setServerConfig("full_page_writes", "on")
			.setServerConfig("max_wal_size", "4GB")
			.start();
	}

	/** A pool of {@code size} connections, the schema migrated through it. */
	public static HikariDataSource migratedPool(EmbeddedPostgres postgres, int size) {
		HikariConfig config = new HikariConfig();
		config.setJdbcUrl(postgres.getJdbcUrl("postgres", "postgres"));
		config.setMaximumPoolSize(size);
		HikariDataSource pool = new HikariDataSource(config);
		Flyway.configure().dataSource(pool).locations("classpath:db/migration").load().migrate();
		return pool;
	}

}
