package dev.observatory.telemetry;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;

import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * PostgreSQL's own proof of use: once a minute, one {@code postgres.pool} usage event from the main
 * connection pool's statistics (connections acquired, time waited, acquisition timeouts, active
 * connections) over the minute. The writer's pool is not measured, so the events about the database
 * do not count the writing of those events. Statement counts are not available from the pool and are
 * not claimed.
 */
@Component
class PostgresUsageReporter {

	static final String POOL = "observatory";

	private final MeterRegistry meters;

	private final UsageRecorder recorder;

	private final ObservationRegistry observations;

	private long lastAcquired = -1;

	private double lastWaitMs;

	private double lastTimeouts;

	PostgresUsageReporter(MeterRegistry meters, UsageRecorder recorder, ObservationRegistry observations) {
		this.meters = meters;
		this.recorder = recorder;
		this.observations = observations;
	}

	@Scheduled(fixedRateString = "${observatory.telemetry.postgres-usage-interval:1m}",
			initialDelayString = "${observatory.telemetry.postgres-usage-interval:1m}")
	void report() {
		Observation.createNotStarted("observatory.telemetry.postgres-usage", this.observations).observe(this::reportOnce);
	}

	synchronized void reportOnce() {
		Timer acquire = this.meters.find("hikaricp.connections.acquire").tag("pool", POOL).timer();
		if (acquire == null) {
			return;
		}
		Counter timeouts = this.meters.find("hikaricp.connections.timeout").tag("pool", POOL).counter();
		Gauge active = this.meters.find("hikaricp.connections.active").tag("pool", POOL).gauge();
		Gauge max = this.meters.find("hikaricp.connections.max").tag("pool", POOL).gauge();
		long acquired = acquire.count();
		double waitMs = acquire.totalTime(TimeUnit.MILLISECONDS);
		double timeoutCount = (timeouts != null) ? timeouts.count() : 0;
		if (this.lastAcquired >= 0) {
			long acquiredDelta = acquired - this.lastAcquired;
			double waitDelta = waitMs - this.lastWaitMs;
			long timeoutDelta = Math.round(timeoutCount - this.lastTimeouts);
			Map<String, Object> metadata = new LinkedHashMap<>();
			metadata.put("connections_acquired", acquiredDelta);
			metadata.put("acquire_wait_ms", Math.round(waitDelta));
			metadata.put("connection_timeouts", timeoutDelta);
			metadata.put("active_connections", (active != null) ? Math.round(active.value()) : 0);
			metadata.put("pool_size", (max != null) ? Math.round(max.value()) : 0);
			long meanWaitNanos = (acquiredDelta > 0) ? Math.round(waitDelta / acquiredDelta * 1_000_000) : 0;
			this.recorder.record(ProviderKey.POSTGRES, "postgres.pool",
					(timeoutDelta > 0) ? UsageStatus.TIMEOUT : UsageStatus.OK, null, meanWaitNanos, metadata);
		}
		this.lastAcquired = acquired;
		this.lastWaitMs = waitMs;
		this.lastTimeouts = timeoutCount;
	}

}
