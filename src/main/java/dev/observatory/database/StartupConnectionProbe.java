package dev.observatory.database;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

import org.postgresql.ds.PGSimpleDataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.core.retry.RetryException;
import org.springframework.core.retry.RetryPolicy;
import org.springframework.core.retry.RetryTemplate;

/**
 * Waits at startup until the database answers {@code SELECT 1}, retrying transient failures
 * (SQLSTATE class 08, 53300, 57P03) with capped exponential backoff for a bounded time, and giving up
 * at once on final ones (wrong password, unknown database, no privilege). Either way the failure
 * names {@code host:port/db} and the SQLSTATE, never the password or the driver's raw message.
 */
final class StartupConnectionProbe {

	private static final Logger log = LoggerFactory.getLogger(StartupConnectionProbe.class);

	private static final Set<String> TRANSIENT_STATES = Set.of("53300", "57P03");

	private StartupConnectionProbe() {
	}

	static void await(ConnectionTarget target, Duration timeout, Duration connectTimeout) {
		PGSimpleDataSource probe = new PGSimpleDataSource();
		probe.setURL(target.jdbcUrl());
		if (target.user() != null) {
			probe.setUser(target.user());
		}
		if (target.password() != null) {
			probe.setPassword(target.password().reveal());
		}
		probe.setConnectTimeout(Math.max(1, (int) connectTimeout.toSeconds()));
		probe.setSocketTimeout(Math.max(1, (int) connectTimeout.toSeconds()));
		probe.setApplicationName("observatory-startup-probe");

		RetryPolicy policy = RetryPolicy.builder()
			.maxRetries(Long.MAX_VALUE)
			.delay(Duration.ofMillis(250))
			.multiplier(2)
			.maxDelay(Duration.ofSeconds(5))
			.timeout(timeout)
			.predicate((failure) -> isTransient(sqlState(failure)))
			.build();
		AtomicReference<String> lastState = new AtomicReference<>("unknown");
		try {
			new RetryTemplate(policy).execute(() -> {
				try (Connection connection = probe.getConnection(); Statement statement = connection.createStatement()) {
					statement.execute("SELECT 1");
					return null;
				}
				catch (SQLException ex) {
					lastState.set(sqlState(ex));
					log.info("Database {} not reachable yet (SQLSTATE {}); retrying for up to {}",
							target.displayName(), sqlState(ex), timeout);
					throw ex;
				}
			});
		}
		catch (RetryException ex) {
			String state = lastState.get();
			if (isTransient(state)) {
				throw new DatabaseStartupException("Database " + target.displayName() + " is unreachable after "
						+ timeout.toSeconds() + "s: SQLSTATE " + state + " (" + describe(state) + ")",
						"Check that the server is up and reachable from here, or raise"
								+ " observatory.database.startup-timeout (OBSERVATORY_DATABASE_STARTUP_TIMEOUT).");
			}
			throw new DatabaseStartupException("Database " + target.displayName() + " refused the connection: SQLSTATE "
					+ state + " (" + describe(state) + ")",
					"Fix DATABASE_URL (user, password, database name, privileges); retrying would not help.");
		}
	}

	static boolean isTransient(String sqlState) {
		return sqlState.startsWith("08") || TRANSIENT_STATES.contains(sqlState);
	}

	private static String sqlState(Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (cause instanceof SQLException sql && sql.getSQLState() != null) {
				return sql.getSQLState();
			}
		}
		return "unknown";
	}

	static String describe(String sqlState) {
		return switch (sqlState) {
			case "28P01" -> "wrong password";
			case "28000" -> "role unknown or rejected by pg_hba.conf";
			case "3D000" -> "database does not exist";
			case "42501" -> "insufficient privilege";
			case "53300" -> "too many connections";
			case "57P03" -> "server is starting up";
			default -> sqlState.startsWith("08") ? "cannot connect: network, DNS, TLS or server down" : "see the server log";
		};
	}

}
