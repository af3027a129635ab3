package dev.observatory.autonomy;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import dev.observatory.bots.AutonomyEventLog;
import dev.observatory.bots.BotLifecycle;
import dev.observatory.bots.BotService;
import dev.observatory.bots.BotState;
import dev.observatory.bots.FsmActor;
import dev.observatory.bots.InstanceState;
import dev.observatory.bots.JobState;
import dev.observatory.bots.SafeStartCheck;
import dev.observatory.bots.SafeStartGate;
import dev.observatory.bots.StateMachines;
import dev.observatory.bots.Transitions;
import dev.observatory.common.trace.Traces;
import dev.observatory.traces.NoTradeTraces;
import dev.observatory.traces.SuppressionType;
import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * What the supervisor decides for one bot, each decision in the caller's transaction: restart
 * (after the backoff), hold (the breaker is open), open the breaker (N failures in the window),
 * refuse (the safe-start gate says no: the bot BLOCKED, an autonomy event), or nothing because the
 * bot changed meanwhile. Also the breaker's own moves: HALF_OPEN after a cool-down, CLOSED after a
 * clean run.
 */
@Component
class SupervisorDecisions {

	/** Exit reasons that count as failures for the breaker and the backoff. */
	private static final String FAILURE_REASONS = "('EXCEPTION', 'HEARTBEAT_TIMEOUT', 'STUCK')";

	static final String CANDIDATES = """
			SELECT b.id
			FROM bots b
			LEFT JOIN LATERAL (SELECT r.state, r.started_at, r.last_iteration_at FROM runner_instances r
			                   WHERE r.bot_id = b.id ORDER BY r.created_at DESC LIMIT 1) i ON true
			WHERE b.desired_state = 'RUNNING' AND b.state <> 'KILLED'
			  AND (i.state IS NULL OR i.state IN ('CRASHED', 'TIMED_OUT', 'STOPPED', 'TERMINATED')
			       OR (i.state = 'RUNNING' AND coalesce(i.last_iteration_at, i.started_at) < :stuckCutoff))""";

	private final AutonomyProperties properties;

	private final JdbcClient jdbc;

	private final BotService bots;

	private final Transitions transitions;

	private final SafeStartGate gate;

	private final Breakers breakers;

	private final AutonomyEventLog autonomyEvents;

	private final Traces traces;

	private final NoTradeTraces noTrades;

	private final BotLifecycle lifecycle;

	SupervisorDecisions(AutonomyProperties properties, JdbcClient jdbc, BotService bots, Transitions transitions,
			SafeStartGate gate, Breakers breakers, AutonomyEventLog autonomyEvents, Traces traces, NoTradeTraces noTrades,
			BotLifecycle lifecycle) {
		this.properties = properties;
		this.jdbc = jdbc;
		this.bots = bots;
		this.transitions = transitions;
		this.gate = gate;
		this.breakers = breakers;
		this.autonomyEvents = autonomyEvents;
		this.traces = traces;
		this.noTrades = noTrades;
		this.lifecycle = lifecycle;
	}

	/** The bots meant to run whose latest instance is down or stuck. */
	List<Candidate> candidates(Instant now) {
		return this.jdbc.sql(CANDIDATES)
			.param("stuckCutoff", Timestamp.from(now.minus(this.properties.supervisor().stuckThreshold())))
			.query(UUID.class)
			.list()
			.stream()
			.map(Candidate::new)
			.toList();
	}

	Decision decide(Candidate candidate, Instant now) {
		UUID botId = candidate.botId();
		Optional<UUID> locked = this.jdbc.sql("SELECT id FROM bots WHERE id = ? FOR UPDATE").param(botId).query(UUID.class).optional();
		if (locked.isEmpty()) {
			return Decision.of("CHANGED_MEANWHILE");
		}
		BotService.Bot bot = this.bots.get(botId);
		Instance latest = latestInstance(botId);
		String cause = causeOf(latest, now);
		if (!bot.desiredState().equals("RUNNING") || bot.state().equals(BotState.KILLED.name()) || cause == null) {
			return Decision.of("CHANGED_MEANWHILE");
		}
		if (cause.equals("STUCK")) {
			endStuck(latest, now);
			latest = latestInstance(botId);
		}
		boolean failure = cause.equals("CRASHED") || cause.equals("TIMED_OUT") || cause.equals("STUCK");
		Breakers.State breaker = this.breakers.of(botId);
		switch (breaker.state()) {
			case OPEN -> {
				degrade(bot);
				return Decision.of("HELD_BY_BREAKER");
			}
			case HALF_OPEN -> {
				if (failure && latest != null && latest.startedAt() != null && breaker.halfOpenAt() != null
						&& !latest.startedAt().isBefore(breaker.halfOpenAt())) {
					return openBreaker(bot, breaker.failures() + 1, "HALF_OPEN_TRIAL_FAILED", latest, now);
				}
				return restart(bot, latest, cause, 0, Duration.ZERO, now);
			}
			default -> {
				if (!failure) {
					return restart(bot, latest, cause, 0, Duration.ZERO, now);
				}
				Instant windowStart = later(now.minus(Duration.ofMinutes(bot.breakerWindowMinutes())), breaker.closedAt());
				int failures = countFailures(botId, windowStart);
				if (failures >= bot.breakerMaxFailures()) {
					return openBreaker(bot, failures, "FAILURES_IN_WINDOW", latest, now);
				}
				int recent = countFailures(botId, later(now.minus(this.properties.supervisor().backoffReset()), breaker.closedAt()));
				Duration delay = backoff(Math.max(recent, 1), (latest != null) ? latest.id() : botId);
				Instant failedAt = (latest != null && latest.endedAt() != null) ? latest.endedAt() : now;
				Instant due = failedAt.plus(delay);
				if (now.isBefore(due)) {
					return new Decision("BACKING_OFF", due, null);
				}
				return restart(bot, latest, cause, failures, delay, now);
			}
		}
	}

	/** A restart through the safe-start gate, as the supervisor asks it. */
	private Decision restart(BotService.Bot bot, @Nullable Instance latest, String cause, int failures, Duration delay,
			Instant now) {
		SafeStartGate.Verdict verdict = this.gate.check(bot, SafeStartCheck.Initiator.SUPERVISOR);
		BotState state = BotState.valueOf(bot.state());
		if (!verdict.allowed()) {
			if (state == BotState.BLOCKED) {
				return Decision.of("STILL_REFUSED");
			}
			String code = verdict.codes().get(0);
			if (StateMachines.BOT.allows(state, BotState.BLOCKED)) {
				this.transitions.apply(StateMachines.BOT, bot.id(), state, BotState.BLOCKED, code, FsmActor.SUPERVISOR);
			}
			if (verdict.codes().contains("SYSTEM_BLOCKED")) {
				this.noTrades.record(bot.id(), now, SuppressionType.SYSTEM_BLOCKED,
						verdict.denials().get(0).message(), false, null, "RUNTIME", verdict.traceId());
			}
			this.autonomyEvents.record(bot.id(), "RESTART_REFUSED", code, Map.of("codes", verdict.codes(),
					"previous_instance", (latest != null) ? latest.id().toString() : "none", "cause", cause));
			return Decision.of("REFUSED");
		}
		if (latest != null && (latest.state() == InstanceState.CRASHED || latest.state() == InstanceState.TIMED_OUT)) {
			this.transitions.apply(StateMachines.INSTANCE, latest.id(), latest.state(), InstanceState.TERMINATED,
					"SUPERVISOR_RESTART", FsmActor.SUPERVISOR);
		}
		if (state == BotState.BLOCKED || state == BotState.STOPPED) {
			this.transitions.apply(StateMachines.BOT, bot.id(), state, BotState.STARTING, "SUPERVISOR_RESTART",
					FsmActor.SUPERVISOR);
		}
		this.lifecycle.queueInstance(bot.id());
		this.autonomyEvents.record(bot.id(), "RESTART", cause, Map.of("previous_instance",
				(latest != null) ? latest.id().toString() : "none", "failures_in_window", failures, "backoff_ms",
				delay.toMillis()));
		return Decision.of("RESTARTED");
	}

	private Decision openBreaker(BotService.Bot bot, int failures, String cause, @Nullable Instance latest, Instant now) {
		String traceId = this.traces.currentTraceId();
		this.breakers.open(bot.id(), failures, now, traceId);
		degrade(bot);
		this.noTrades.record(bot.id(), now, SuppressionType.CIRCUIT_OPEN, "Restart breaker open after " + failures
				+ " failures within " + bot.breakerWindowMinutes() + " min (" + cause + "): the bot is not restarted", false,
				null, "RUNTIME", traceId);
		this.autonomyEvents.record(bot.id(), "BREAKER_OPEN", cause, Map.of("failures", failures, "max_failures",
				bot.breakerMaxFailures(), "window_minutes", bot.breakerWindowMinutes(), "last_instance",
				(latest != null) ? latest.id().toString() : "none"));
		return new Decision("BREAKER_OPENED", null, new BreakerOpened(bot.id(), failures, cause, traceId));
	}

	/** A bot whose breaker holds it is DEGRADED, so the fleet view and the verdict see it. */
	private void degrade(BotService.Bot bot) {
		BotState state = BotState.valueOf(bot.state());
		if (state == BotState.RUNNING) {
			this.transitions.apply(StateMachines.BOT, bot.id(), state, BotState.DEGRADED, "BREAKER_OPEN", FsmActor.SUPERVISOR);
		}
	}

	private void endStuck(Instance stuck, Instant now) {
		this.transitions.apply(StateMachines.INSTANCE, stuck.id(), InstanceState.RUNNING, InstanceState.TERMINATED, "STUCK",
				FsmActor.SUPERVISOR);
		this.jdbc.sql("UPDATE runner_instances SET exit_reason = 'STUCK', failure_summary = ? WHERE id = ?")
			.params("no run-loop iteration for more than " + this.properties.supervisor().stuckThreshold().toSeconds() + " s",
					stuck.id())
			.update();
		this.jdbc.sql("SELECT id FROM job_runs WHERE instance_id = ? AND state = 'RUNNING'")
			.param(stuck.id())
			.query(UUID.class)
			.list()
			.forEach((job) -> this.transitions.apply(StateMachines.JOB, job, JobState.RUNNING, JobState.FAILED, "STUCK",
					FsmActor.SUPERVISOR));
	}

	/** OPEN breakers whose bot has a cool-down that has passed go HALF_OPEN. */
	List<String> coolDowns(Instant now) {
		List<UUID> due = this.jdbc.sql("""
				SELECT k.bot_id FROM breaker_states k JOIN bots b ON b.id = k.bot_id
				WHERE k.state = 'OPEN' AND b.breaker_cool_down IS NOT NULL AND k.opened_at + b.breaker_cool_down <= ?""")
			.param(Timestamp.from(now))
			.query(UUID.class)
			.list();
		return due.stream().filter((bot) -> {
			if (this.breakers.halfOpen(bot, now, this.traces.currentTraceId())) {
				this.autonomyEvents.record(bot, "BREAKER_HALF_OPEN", "COOL_DOWN", Map.of());
				return true;
			}
			return false;
		}).map(UUID::toString).toList();
	}

	/** HALF_OPEN breakers whose trial run has heartbeated cleanly long enough close; the bot RUNNING again. */
	List<String> closeAfterCleanRuns(Instant now) {
		AutonomyProperties.Supervisor supervisor = this.properties.supervisor();
		List<UUID> clean = this.jdbc.sql("""
				SELECT DISTINCT k.bot_id FROM breaker_states k JOIN runner_instances i ON i.bot_id = k.bot_id
				WHERE k.state = 'HALF_OPEN' AND i.state = 'RUNNING' AND i.started_at >= k.half_open_at
				  AND i.started_at <= :cleanSince AND i.last_iteration_at >= :fresh""")
			.param("cleanSince", Timestamp.from(now.minus(supervisor.halfOpenSuccessAfter())))
			.param("fresh", Timestamp.from(now.minus(supervisor.stuckThreshold())))
			.query(UUID.class)
			.list();
		return clean.stream().filter((bot) -> {
			if (!this.breakers.close(bot, now, this.traces.currentTraceId())) {
				return false;
			}
			BotService.Bot current = this.bots.get(bot);
			if (current.state().equals(BotState.DEGRADED.name())) {
				this.transitions.apply(StateMachines.BOT, bot, BotState.DEGRADED, BotState.RUNNING, "BREAKER_CLOSED",
						FsmActor.SUPERVISOR);
			}
			this.autonomyEvents.record(bot, "BREAKER_CLOSED", "CLEAN_RUN", Map.of());
			return true;
		}).map(UUID::toString).toList();
	}

	private @Nullable String causeOf(@Nullable Instance latest, Instant now) {
		if (latest == null) {
			return "MISSING";
		}
		return switch (latest.state()) {
			case CRASHED -> "CRASHED";
			case TIMED_OUT -> "TIMED_OUT";
			case STOPPED -> "STOPPED";
			case TERMINATED -> "TERMINATED";
			case RUNNING -> {
				Instant last = (latest.lastIterationAt() != null) ? latest.lastIterationAt() : latest.startedAt();
				yield (last != null && last.isBefore(now.minus(this.properties.supervisor().stuckThreshold()))) ? "STUCK"
						: null;
			}
			case PENDING -> null;
		};
	}

	private int countFailures(UUID bot, Instant since) {
		return this.jdbc.sql("SELECT count(*) FROM runner_instances WHERE bot_id = ? AND exit_reason IN " + FAILURE_REASONS
				+ " AND ended_at >= ?")
			.params(bot, Timestamp.from(since))
			.query(Integer.class)
			.single();
	}

	/**
	 * initial × 2^(n−1), capped, times a jitter of ±10 % fixed by the failed instance's id, so that
	 * every pass (and every replica) computes the same due time for it.
	 */
	Duration backoff(int failures, UUID seed) {
		AutonomyProperties.Supervisor supervisor = this.properties.supervisor();
		long base = supervisor.backoffInitial().toMillis() << Math.min(failures - 1, 30);
		long capped = Math.min(base, supervisor.backoffMax().toMillis());
		double jitter = 0.9 + 0.2 * ((seed.hashCode() & 0xffff) / 65535.0);
		return Duration.ofMillis(Math.round(capped * jitter));
	}

	private @Nullable Instance latestInstance(UUID bot) {
		return this.jdbc.sql("""
				SELECT id, state, started_at, last_iteration_at, ended_at FROM runner_instances
				WHERE bot_id = ? ORDER BY created_at DESC LIMIT 1 FOR UPDATE""")
			.param(bot)
			.query((rs, i) -> new Instance(rs.getObject("id", UUID.class), InstanceState.valueOf(rs.getString("state")),
					instant(rs.getTimestamp("started_at")), instant(rs.getTimestamp("last_iteration_at")),
					instant(rs.getTimestamp("ended_at"))))
			.optional()
			.orElse(null);
	}

	private static Instant later(Instant a, @Nullable Instant b) {
		return (b != null && b.isAfter(a)) ? b : a;
	}

	private static @Nullable Instant instant(@Nullable Timestamp timestamp) {
		return (timestamp != null) ? timestamp.toInstant() : null;
	}

	record Candidate(UUID botId) {
	}

	private record Instance(UUID id, InstanceState state, @Nullable Instant startedAt, @Nullable Instant lastIterationAt,
			@Nullable Instant endedAt) {
	}

	/**
	 * @param kind what was decided, as the tick records it
	 * @param retryAt when to look again (a backoff's end), or null
	 * @param breakerOpened the event to publish after the transaction, or null
	 */
	record Decision(String kind, @Nullable Instant retryAt, @Nullable BreakerOpened breakerOpened) {

		static Decision of(String kind) {
			return new Decision(kind, null, null);
		}

	}

}
