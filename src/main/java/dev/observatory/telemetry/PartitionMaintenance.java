package dev.observatory.telemetry;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.LocalDate;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Creates the usage-event partitions for yesterday through three days ahead, drops those past
 * retention, and deletes roll-up rows past retention (no window reaches them), at startup and then
 * every {@code observatory.telemetry.maintenance-interval}. All of it is idempotent, so replicas
 * running it at once do no harm. Each pass is its own trace.
 */
@Component
class PartitionMaintenance {

	private static final Logger log = LoggerFactory.getLogger(PartitionMaintenance.class);

	private static final int DAYS_AHEAD = 3;

	private static final List<String> ROLLUPS = List.of("integration_usage_minute", "integration_usage_hour",
			"integration_usage_bot_minute", "integration_usage_bot_hour", "integration_usage_provider_minute",
			"integration_usage_provider_hour");

	private final TelemetryConfiguration.WriterPool pool;

	private final UsagePartitions partitions;

	private final TelemetryProperties properties;

	private final Clock clock;

	private final ObservationRegistry observations;

	PartitionMaintenance(TelemetryConfiguration.WriterPool pool, UsagePartitions partitions,
			TelemetryProperties properties, Clock clock, ObservationRegistry observations) {
		this.pool = pool;
		this.partitions = partitions;
		this.properties = properties;
		this.clock = clock;
		this.observations = observations;
	}

	@EventListener(ApplicationReadyEvent.class)
	void atStartup() {
		runPass();
	}

	@Scheduled(fixedDelayString = "${observatory.telemetry.maintenance-interval:1h}",
			initialDelayString = "${observatory.telemetry.maintenance-interval:1h}")
	void runPass() {
		Observation.createNotStarted("observatory.telemetry.partition-maintenance", this.observations).observe(() -> {
			try {
				maintain();
			}
			catch (SQLException ex) {
				log.warn("Usage partition maintenance failed (SQLSTATE {}); the writer still creates partitions"
						+ " on demand, and the next pass retries", ex.getSQLState());
			}
		});
	}

	void maintain() throws SQLException {
		LocalDate today = UsagePartitions.dayOf(this.clock.instant());
		Set<LocalDate> days = new LinkedHashSet<>();
		for (int offset = -1; offset <= DAYS_AHEAD; offset++) {
			days.add(today.plusDays(offset));
		}
		LocalDate firstKept = today.minusDays(Math.max(1, this.properties.retention().toDays()));
		try (Connection connection = this.pool.dataSource().getConnection()) {
			this.partitions.ensure(connection, days);
			List<String> dropped = this.partitions.dropBefore(connection, firstKept);
			if (!dropped.isEmpty()) {
				log.info("Dropped usage-event partitions past the {}-day retention: {}",
						this.properties.retention().toDays(), dropped);
			}
			long pruned = pruneRollups(connection, this.clock.instant().minus(this.properties.retention()));
			if (pruned > 0) {
				log.info("Deleted {} usage roll-up rows past the {}-day retention", pruned,
						this.properties.retention().toDays());
			}
		}
	}

	/** One provider at a time, so each delete is a range of the (provider, bucket_start) index. */
	private static long pruneRollups(Connection connection, java.time.Instant cutoff) throws SQLException {
		long deleted = 0;
		for (String table : ROLLUPS) {
			try (var statement = connection.prepareStatement(
					"DELETE FROM " + table + " WHERE provider = ? AND bucket_start < ?")) {
				for (ProviderKey provider : ProviderKey.values()) {
					statement.setString(1, provider.key());
					statement.setTimestamp(2, java.sql.Timestamp.from(cutoff));
					deleted += statement.executeUpdate();
				}
			}
		}
		return deleted;
	}

}
