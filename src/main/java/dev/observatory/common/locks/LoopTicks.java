package dev.observatory.common.locks;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

import dev.observatory.common.secrets.SecretMasker;
import dev.observatory.common.time.Ids;
import dev.observatory.common.trace.Traces;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * Runs one pass of a background loop under its own trace and records it in
 * {@code scheduler_ticks}: the replica, start and end, the outcome, what the pass decided (also
 * "nothing to do": a pass never goes unrecorded) and, on failure, a safe error. The scheduler
 * status is read from these rows, so every replica reports the same liveness whichever one ran the
 * loop. A pass that throws is recorded FAILED and does not escape: the next tick runs as usual.
 */
@Service
public class LoopTicks {

	private static final Logger log = LoggerFactory.getLogger(LoopTicks.class);

	private static final JsonMapper JSON = JsonMapper.builder().build();

	/** Tick rows are kept this long (about 5,000 per loop at the supervisor's 2-minute default). */
	private static final Duration RETENTION = Duration.ofDays(7);

	private final JdbcClient jdbc;

	private final ReplicaId replica;

	private final Traces traces;

	private final ObservationRegistry observations;

	private final Clock clock;

	LoopTicks(JdbcClient jdbc, ReplicaId replica, Traces traces, ObservationRegistry observations, Clock clock) {
		this.jdbc = jdbc;
		this.replica = replica;
		this.traces = traces;
		this.observations = observations;
		this.clock = clock;
	}

	/**
	 * Runs {@code pass} and records its tick.
	 *
	 * @param loop the loop's name, as the scheduler status shows it
	 * @param pass the pass; answers what it decided (safe identifiers and counts only)
	 * @return the recorded tick
	 */
	public Tick run(String loop, Supplier<Map<String, ?>> pass) {
		Tick tick = Observation.createNotStarted("observatory.loop", this.observations)
			.lowCardinalityKeyValue("loop", loop)
			.observe(() -> runTraced(loop, pass));
		return java.util.Objects.requireNonNull(tick);
	}

	private Tick runTraced(String loop, Supplier<Map<String, ?>> pass) {
		String traceId = this.traces.currentTraceId();
		Instant started = this.clock.instant().truncatedTo(ChronoUnit.MICROS);
		Map<String, Object> decided = Map.of();
		String error = null;
		try {
			decided = new LinkedHashMap<>(pass.get());
		}
		catch (RuntimeException ex) {
			error = SecretMasker.describe(ex, 300);
			log.warn("Loop {} pass failed: {}", loop, error);
		}
		Instant finished = this.clock.instant().truncatedTo(ChronoUnit.MICROS);
		Tick tick = new Tick(loop, this.replica.value(), started, finished, (error == null) ? "OK" : "FAILED", decided,
				error, traceId);
		record(tick);
		return tick;
	}

	private void record(Tick tick) {
		try {
			this.jdbc.sql("""
					INSERT INTO scheduler_ticks (id, loop, replica, started_at, finished_at, outcome, decided, error, trace_id)
					VALUES (?, ?, ?, ?, ?, ?, CAST(? AS jsonb), ?, ?)""")
				.params(Ids.newId(), tick.loop(), tick.replica(), Timestamp.from(tick.startedAt()),
						Timestamp.from(tick.finishedAt()), tick.outcome(), JSON.writeValueAsString(tick.decided()),
						tick.error(), tick.traceId())
				.update();
			this.jdbc.sql("DELETE FROM scheduler_ticks WHERE loop = ? AND started_at < ?")
				.params(tick.loop(), Timestamp.from(tick.startedAt().minus(RETENTION)))
				.update();
		}
		catch (RuntimeException ex) {
			// The database is away: the tick is not recorded, so the loop reads as inactive — fail closed.
			log.warn("Loop {} tick not recorded: {}", tick.loop(), ex.getClass().getSimpleName());
		}
	}

	/**
	 * One recorded pass.
	 *
	 * @param loop the loop
	 * @param replica the replica that ran it
	 * @param startedAt start
	 * @param finishedAt end
	 * @param outcome {@code OK} or {@code FAILED}
	 * @param decided what it decided
	 * @param error the failure, safe to show, or null
	 * @param traceId the pass's trace id
	 */
	public record Tick(String loop, String replica, Instant startedAt, Instant finishedAt, String outcome,
			Map<String, Object> decided, @Nullable String error, String traceId) {
	}

}
