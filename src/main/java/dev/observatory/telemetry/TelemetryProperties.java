package dev.observatory.telemetry;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * {@code observatory.telemetry.*}: the usage-event pipeline's bounds.
 *
 * @param queueCapacity events held in memory before they overflow to the spool
 * @param batchSize the most events per database write; batches are this big only when the writer is
 *     saturated (otherwise the flush interval writes what has come), and then bigger batches share
 *     the roll-up rows they touch and the commit among more events (docs/performance.md)
 * @param flushInterval the longest an event waits in memory before a (smaller) batch is written
 * @param spoolMaxSize the spool's size limit; past it events are dropped, counted and reported
 * @param retryBackoffMax the longest pause between attempts while the database is unreachable
 * @param retention how long raw events are kept (whole daily partitions are dropped)
 * @param writerPoolSize connections of the writer's own pool (kept apart so PostgreSQL's own usage
 *     figures exclude the writer)
 * @param postgresUsageInterval how often PostgreSQL's own use is recorded from the pool statistics
 * @param maintenanceInterval how often partitions are created ahead and dropped past retention
 * @param insertMethod how batches reach the events table: {@code COPY} (into a staging table) or
 *     {@code UNNEST} (array parameters); COPY measured faster at the default batch size
 */
@ConfigurationProperties("observatory.telemetry")
public record TelemetryProperties(@DefaultValue("100000") int queueCapacity, @DefaultValue("20000") int batchSize,
		@DefaultValue("200ms") Duration flushInterval, @DefaultValue("1GB") DataSize spoolMaxSize,
		@DefaultValue("5s") Duration retryBackoffMax, @DefaultValue("30d") Duration retention,
		@DefaultValue("2") int writerPoolSize, @DefaultValue("1m") Duration postgresUsageInterval,
		@DefaultValue("1h") Duration maintenanceInterval,
		@DefaultValue("COPY") UsageBatchWriter.InsertMethod insertMethod) {

	public TelemetryProperties {
		if (queueCapacity < 1 || batchSize < 1 || writerPoolSize < 1) {
			throw new IllegalArgumentException("observatory.telemetry queue-capacity, batch-size and writer-pool-size"
					+ " must be at least 1 but were " + queueCapacity + ", " + batchSize + ", " + writerPoolSize);
		}
	}

}
