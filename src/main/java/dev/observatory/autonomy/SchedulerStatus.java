package dev.observatory.autonomy;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.observatory.common.trace.Traces;
import dev.observatory.integrations.IntegrationProperties;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * Where each singleton loop stands, read from the recorded ticks and the lock table only, so every
 * replica answers the same whichever replica ran the loop. A loop is active when its last tick
 * finished within twice its interval; a loop that never ticked, or ticked too long ago, is inactive.
 */
@Service
public class SchedulerStatus {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final JdbcClient jdbc;

	private final Traces traces;

	private final Clock clock;

	private final Map<String, Duration> loops;

	SchedulerStatus(JdbcClient jdbc, Traces traces, Clock clock, AutonomyProperties autonomy,
			IntegrationProperties integrations,
			@Value("${observatory.status.watch-interval:30s}") Duration statusWatch,
			@Value("${observatory.scoring.interval:5m}") Duration scoring, InvariantProperties invariants) {
		this.jdbc = jdbc;
		this.traces = traces;
		this.clock = clock;
		this.loops = Map.of(Supervisor.LOOP, autonomy.supervisor().interval(), TimeoutWorker.LOOP,
				autonomy.timeoutWorker().interval(), "integrations-reverify", integrations.reverify().interval(),
				"status-watch", statusWatch, "autonomy-scoring", scoring, InvariantMonitor.LOOP, invariants.interval());
	}

	public Report report() {
		Instant now = this.clock.instant();
		String[] names = this.loops.keySet().stream().sorted().toArray(String[]::new);
		Map<String, Last> last = new HashMap<>();
		Map<String, Instant> lastSuccess = new HashMap<>();
		Map<String, Integer> failuresSinceSuccess = new HashMap<>();
		Map<String, String> holders = new HashMap<>();
		long[] breakersOpen = new long[1];
		// One statement, each lookup an index probe that stops at its first row (the newest tick, the newest
		// success): the cost stays flat however many ticks the seven days of retention hold.
		this.jdbc.sql("""
				SELECT l.loop, t.replica, t.started_at, t.finished_at, t.outcome, t.error, t.decided::text AS decided,
				       ok.finished_at AS last_ok,
				       (SELECT count(*) FROM scheduler_ticks f WHERE f.loop = l.loop AND f.outcome = 'FAILED'
				            AND f.started_at > coalesce(ok.started_at, '-infinity')) AS failures,
				       (SELECT s.locked_by FROM shedlock s WHERE s.name = l.loop AND s.lock_until > now()) AS holder,
				       (SELECT count(*) FROM breaker_states WHERE state = 'OPEN') AS breakers_open
				FROM unnest(?::text[]) AS l(loop)
				LEFT JOIN LATERAL (SELECT replica, started_at, finished_at, outcome, error, decided FROM scheduler_ticks
				                   WHERE loop = l.loop ORDER BY started_at DESC LIMIT 1) t ON true
				LEFT JOIN LATERAL (SELECT started_at, finished_at FROM scheduler_ticks
				                   WHERE loop = l.loop AND outcome = 'OK' ORDER BY started_at DESC LIMIT 1) ok ON true""")
			.param(names)
			.query((rs) -> {
				String loop = rs.getString("loop");
				Timestamp started = rs.getTimestamp("started_at");
				if (started != null) {
					last.put(loop, new Last(loop, rs.getString("replica"), started.toInstant(),
							rs.getTimestamp("finished_at").toInstant(), rs.getString("outcome"), rs.getString("error"),
							JSON.readTree(rs.getString("decided"))));
				}
				Timestamp ok = rs.getTimestamp("last_ok");
				if (ok != null) {
					lastSuccess.put(loop, ok.toInstant());
				}
				failuresSinceSuccess.put(loop, rs.getInt("failures"));
				breakersOpen[0] = rs.getLong("breakers_open");
				String holder = rs.getString("holder");
				if (holder != null) {
					holders.put(loop, holder);
				}
			});
		List<Loop> views = new ArrayList<>();
		for (String name : names) {
			Duration interval = this.loops.get(name);
			Last tick = last.get(name);
			boolean active = tick != null && !tick.finishedAt().isBefore(now.minus(interval.multipliedBy(2)));
			views.add(new Loop(name, active, interval.toString(), (tick != null) ? tick.startedAt() : null,
					lastSuccess.get(name), (tick != null) ? tick.finishedAt().plus(interval) : null,
					(tick != null) ? Duration.between(tick.startedAt(), tick.finishedAt()).toMillis() : null,
					(tick != null) ? tick.replica() : null, holders.get(name), (tick != null) ? tick.outcome() : null,
					(tick != null) ? tick.error() : null, failuresSinceSuccess.getOrDefault(name, 0),
					(tick != null) ? tick.decided() : null));
		}
		boolean supervisor = isActive(views, Supervisor.LOOP);
		boolean timeouts = isActive(views, TimeoutWorker.LOOP);
		Instant lastTick = views.stream()
			.map(Loop::lastTickAt)
			.filter(java.util.Objects::nonNull)
			.max(Instant::compareTo)
			.orElse(null);
		return new Report(supervisor && timeouts, supervisor, timeouts, breakersOpen[0], lastTick, views,
				now, this.traces.currentTraceId());
	}

	private static boolean isActive(List<Loop> loops, String name) {
		return loops.stream().anyMatch((loop) -> loop.name().equals(name) && loop.active());
	}

	private record Last(String loop, String replica, Instant startedAt, Instant finishedAt, String outcome,
			@Nullable String error, JsonNode decided) {
	}

	/**
	 * {@code GET /api/scheduler/status}: the spec's {@code scheduler} summary and one row per loop.
	 *
	 * @param active whether the loops that keep bots running (supervisor and timeout worker) are both active
	 * @param supervisorLoopActive whether the supervisor ticked within twice its interval
	 * @param timeoutWorkerActive whether the timeout worker did
	 * @param circuitBreakersOpen bots whose restart breaker is OPEN
	 * @param lastTickAt the newest tick of any loop
	 * @param loops each loop
	 * @param computedAt when this was read
	 * @param traceId the trace of this answer
	 */
	public record Report(boolean active, boolean supervisorLoopActive, boolean timeoutWorkerActive,
			long circuitBreakersOpen, @Nullable Instant lastTickAt, List<Loop> loops, Instant computedAt,
			String traceId) {
	}

	/**
	 * @param name the loop
	 * @param active last tick finished within twice the interval
	 * @param interval the configured interval (ISO-8601)
	 * @param lastTickAt when the last pass started
	 * @param lastSuccessAt when the last pass that did not fail ended
	 * @param nextTickAt when the next pass is due (the last one's end plus the interval; crashes wake the supervisor sooner)
	 * @param lastDurationMs how long the last pass took
	 * @param lastReplica the replica that ran the last pass
	 * @param lockHeldBy the replica holding the loop's lock now, if any
	 * @param lastOutcome OK or FAILED
	 * @param lastError the last pass's failure, safe to show
	 * @param consecutiveFailures failed passes since the last good one
	 * @param lastDecided what the last pass decided
	 */
	public record Loop(String name, boolean active, String interval, @Nullable Instant lastTickAt,
			@Nullable Instant lastSuccessAt, @Nullable Instant nextTickAt, @Nullable Long lastDurationMs,
			@Nullable String lastReplica, @Nullable String lockHeldBy, @Nullable String lastOutcome,
			@Nullable String lastError, int consecutiveFailures, @Nullable JsonNode lastDecided) {
	}

}
