package dev.observatory.telemetry;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * The pipeline's state as the system status reads it: a backlog maps to DEGRADED
 * {@code TELEMETRY_BACKLOG}; unacknowledged dropped events map to BLOCKED {@code TELEMETRY_LOST}.
 *
 * @param backlogEvents events waiting (in memory and in the spool)
 * @param spooledEvents of which in the local spool
 * @param oldestWaitingAt when the oldest waiting event was made, or {@code null} when nothing waits
 * @param droppedEvents events dropped (spool full) and not yet acknowledged by an ADMIN
 * @param droppedSince when the first of those was dropped, or {@code null}
 * @param databaseWritable whether the last write attempt succeeded
 */
public record TelemetryHealth(long backlogEvents, long spooledEvents, @Nullable Instant oldestWaitingAt,
		long droppedEvents, @Nullable Instant droppedSince, boolean databaseWritable) {

	public boolean hasBacklog() {
		return this.backlogEvents > 0;
	}

	public boolean hasUnacknowledgedLoss() {
		return this.droppedEvents > 0;
	}

}
