package dev.observatory.autonomy;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import dev.observatory.bots.FsmActor;
import dev.observatory.bots.InstanceState;
import dev.observatory.bots.JobState;
import dev.observatory.bots.StateMachines;
import dev.observatory.common.locks.LoopTicks;
import dev.observatory.common.trace.Traces;
import net.javacrumbs.shedlock.spring.annotation.SchedulerLock;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Marks RUNNING jobs ({@code TIMEOUT}) and runner instances ({@code TIMED_OUT}) whose heartbeat is
 * older than the threshold, with {@code reason_code = HEARTBEAT_TIMEOUT}, and writes an FSM event
 * per row — one set-based statement in one transaction. Each update re-checks {@code state =
 * 'RUNNING'}, so two workers at once change each row once. Timed-out bots wake the supervisor.
 */
@Component
class TimeoutWorker {

	static final String LOOP = "timeout-worker";

	private static final String REASON = "HEARTBEAT_TIMEOUT";

	// The statement below writes these pairs directly; the machines' tables must allow them.
	static {
		if (!StateMachines.JOB.allows(JobState.RUNNING, JobState.TIMEOUT)
				|| !StateMachines.INSTANCE.allows(InstanceState.RUNNING, InstanceState.TIMED_OUT)) {
			throw new IllegalStateException("the state machines no longer allow a heartbeat timeout");
		}
	}

	static final String EXPIRE = """
			WITH jobs AS (
			  UPDATE job_runs SET state = 'TIMEOUT', reason_code = :reason, ended_at = :now
			  WHERE state = 'RUNNING' AND coalesce(heartbeat_at, started_at, created_at) < :cutoff
			  RETURNING id, bot_id),
			instances AS (
			  UPDATE runner_instances SET state = 'TIMED_OUT', exit_reason = :reason, ended_at = coalesce(ended_at, :now)
			  WHERE state = 'RUNNING' AND coalesce(last_heartbeat_at, started_at, created_at) < :cutoff
			  RETURNING id, bot_id),
			events AS (
			  INSERT INTO job_run_events (id, entity, entity_id, bot_id, from_state, to_state, reason_code, actor, trace_id, at)
			  SELECT gen_random_uuid(), 'JOB', id, bot_id, 'RUNNING', 'TIMEOUT', :reason, :actor, :traceId, CAST(:now AS timestamptz) FROM jobs
			  UNION ALL
			  SELECT gen_random_uuid(), 'INSTANCE', id, bot_id, 'RUNNING', 'TIMED_OUT', :reason, :actor, :traceId, CAST(:now AS timestamptz) FROM instances
			  RETURNING entity, bot_id)
			SELECT entity, bot_id FROM events""";

	private final AutonomyProperties properties;

	private final JdbcClient jdbc;

	private final TransactionTemplate transactions;

	private final LoopTicks ticks;

	private final Traces traces;

	private final ApplicationEventPublisher events;

	private final Clock clock;

	TimeoutWorker(AutonomyProperties properties, JdbcClient jdbc, TransactionTemplate transactions, LoopTicks ticks,
			Traces traces, ApplicationEventPublisher events, Clock clock) {
		this.properties = properties;
		this.jdbc = jdbc;
		this.transactions = transactions;
		this.ticks = ticks;
		this.traces = traces;
		this.events = events;
		this.clock = clock;
	}

	@Scheduled(fixedDelayString = "${observatory.autonomy.timeout-worker.interval:5m}",
			initialDelayString = "${observatory.autonomy.timeout-worker.initial-delay:2s}")
	@SchedulerLock(name = LOOP, lockAtMostFor = "PT5M")
	void scheduled() {
		if (this.properties.timeoutWorker().enabled()) {
			tick();
		}
	}

	/** One recorded pass. */
	LoopTicks.Tick tick() {
		return this.ticks.run(LOOP, this::pass);
	}

	/** Expires what is stale; answers the counts it changed. */
	Map<String, Object> pass() {
		Instant now = this.clock.instant().truncatedTo(ChronoUnit.MICROS);
		Instant cutoff = now.minus(this.properties.timeoutWorker().threshold());
		String traceId = this.traces.currentTraceId();
		List<Map.Entry<String, UUID>> expired = this.transactions.execute((status) -> this.jdbc.sql(EXPIRE)
			.param("reason", REASON)
			.param("now", Timestamp.from(now))
			.param("cutoff", Timestamp.from(cutoff))
			.param("actor", FsmActor.TIMEOUT_WORKER.value())
			.param("traceId", traceId)
			.query((rs, i) -> Map.entry(rs.getString("entity"), rs.getObject("bot_id", UUID.class)))
			.list());
		List<Map.Entry<String, UUID>> rows = (expired != null) ? expired : List.of();
		Set<UUID> bots = rows.stream().map(Map.Entry::getValue).collect(Collectors.toSet());
		if (!bots.isEmpty()) {
			this.events.publishEvent(new SupervisorWakeUp("HEARTBEAT_TIMEOUT", bots));
		}
		long jobs = rows.stream().filter((row) -> row.getKey().equals("JOB")).count();
		return Map.of("cutoff", cutoff.toString(), "jobs_timed_out", jobs, "instances_timed_out", rows.size() - jobs,
				"bots", bots.stream().map(UUID::toString).sorted().toList());
	}

}
