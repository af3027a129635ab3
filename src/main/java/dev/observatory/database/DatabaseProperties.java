package dev.observatory.database;

import java.nio.file.Path;
import java.time.Duration;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code observatory.database.*}: how long startup waits for the database, the pool size, and the
 * embedded server's settings.
 *
 * @param startupTimeout how long startup retries an unreachable database before it gives up
 * @param connectTimeout the timeout of one connection attempt
 * @param poolSize the connection pool's size; sized for 2 cores (cores × 2 + 2)
 * @param embedded the embedded server's settings (used only without {@code DATABASE_URL})
 */
@ConfigurationProperties("observatory.database")
public record DatabaseProperties(@DefaultValue("60s") Duration startupTimeout,
		@DefaultValue("5s") Duration connectTimeout, @DefaultValue("6") int poolSize,
		@DefaultValue Embedded embedded) {

	public DatabaseProperties {
		if (poolSize < 1) {
			throw new IllegalArgumentException("observatory.database.pool-size must be at least 1 but was " + poolSize);
		}
	}

	/**
	 * @param port the port to listen on (loopback only); 0 picks a free one at each start
	 * @param binariesDir where the PostgreSQL binaries are unpacked; default {@code <data-dir>/pg-bin}
	 * @param durable fsync and synchronous commit on; switch off only for throw-away test data
	 */
	public record Embedded(@DefaultValue("0") int port, @Nullable Path binariesDir,
			@DefaultValue("true") boolean durable) {
	}

}
