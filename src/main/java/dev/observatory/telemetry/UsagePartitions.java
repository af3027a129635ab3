package dev.observatory.telemetry;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The daily partitions of {@code integration_usage_events}: created ahead by the maintenance task
 * and on demand by the writer (an event replayed from the spool may belong to any day), dropped past
 * retention. Creation is idempotent, so replicas racing to create the same day is harmless.
 */
final class UsagePartitions {

	private static final DateTimeFormatter SUFFIX = DateTimeFormatter.ofPattern("yyyyMMdd");

	private final Set<LocalDate> known = ConcurrentHashMap.newKeySet();

	/** Creates the partitions for these days if missing; runs in autocommit, outside the batch. */
	void ensure(Connection connection, Set<LocalDate> days) throws SQLException {
		for (LocalDate day : days) {
			if (this.known.contains(day)) {
				continue;
			}
			try (Statement statement = connection.createStatement()) {
				statement.execute("CREATE TABLE IF NOT EXISTS " + name(day) + " PARTITION OF integration_usage_events"
						+ " FOR VALUES FROM ('" + day + " 00:00:00+00') TO ('" + day.plusDays(1) + " 00:00:00+00')");
			}
			catch (SQLException ex) {
				// 42P07: another replica created it between our check and our create.
				if (!"42P07".equals(ex.getSQLState())) {
					throw ex;
				}
			}
			this.known.add(day);
		}
	}

	/** Drops the partitions wholly older than the first day to keep; returns the dropped names. */
	List<String> dropBefore(Connection connection, LocalDate firstKept) throws SQLException {
		List<String> dropped = new java.util.ArrayList<>();
		try (Statement statement = connection.createStatement(); var rows = statement.executeQuery("""
				SELECT c.relname FROM pg_inherits i
				JOIN pg_class c ON c.oid = i.inhrelid JOIN pg_class p ON p.oid = i.inhparent
				WHERE p.relname = 'integration_usage_events'""")) {
			while (rows.next()) {
				String name = rows.getString(1);
				LocalDate day = dayOf(name);
				if (day != null && day.isBefore(firstKept)) {
					dropped.add(name);
				}
			}
		}
		for (String name : dropped) {
			try (Statement statement = connection.createStatement()) {
				statement.execute("DROP TABLE IF EXISTS " + name);
			}
			LocalDate day = dayOf(name);
			if (day != null) {
				this.known.remove(day);
			}
		}
		return dropped;
	}

	static LocalDate dayOf(java.time.Instant instant) {
		return instant.atOffset(ZoneOffset.UTC).toLocalDate();
	}

	private static String name(LocalDate day) {
		return "integration_usage_events_p" + day.format(SUFFIX);
	}

	private static LocalDate dayOf(String partition) {
		String prefix = "integration_usage_events_p";
		if (!partition.startsWith(prefix)) {
			return null;
		}
		try {
			return LocalDate.parse(partition.substring(prefix.length()), SUFFIX);
		}
		catch (java.time.format.DateTimeParseException ex) {
			return null;
		}
	}

}
