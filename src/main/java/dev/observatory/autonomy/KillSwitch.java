package dev.observatory.autonomy;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;

import dev.observatory.audit.Actors;
import dev.observatory.audit.AuditLog;
import dev.observatory.bots.AutonomyEventLog;
import dev.observatory.bots.BotLifecycle;
import dev.observatory.bots.AutonomyPermit;
import dev.observatory.bots.BotService;
import dev.observatory.bots.BotState;
import dev.observatory.bots.FsmActor;
import dev.observatory.bots.JobState;
import dev.observatory.bots.StateMachines;
import dev.observatory.bots.Transitions;
import dev.observatory.common.error.ApiException;
import dev.observatory.common.error.ErrorCode;
import dev.observatory.common.time.Ids;
import dev.observatory.common.trace.Traces;
import dev.observatory.traces.NoTradeTraces;
import dev.observatory.trading.execution.WorkingOrders;
import dev.observatory.traces.SuppressionType;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Kill, unkill, reduce-only and resume, each one transaction. A kill stops the bot for good: KILLED,
 * desired state STOPPED, its instances ended and jobs KILLED, a {@code kill_events} row, an autonomy
 * event and an alert event; nothing restarts it by itself. Only an administrator's unkill, with a
 * reason, brings it back (to STOPPED). Reduce-only is the operator's pause: the bot keeps managing
 * exits but opens nothing (DEGRADED until resumed).
 */
@Service
public class KillSwitch {

	private final BotService bots;

	private final ObjectProvider<AutonomyPermit> permit;

	private final Transitions transitions;

	private final JdbcClient jdbc;

	private final TransactionTemplate transactions;

	private final AutonomyEventLog autonomyEvents;

	private final AuditLog audit;

	private final Actors actors;

	private final Breakers breakers;

	private final ApplicationEventPublisher events;

	private final Traces traces;

	private final Clock clock;

	private final NoTradeTraces noTrades;

	private final BotLifecycle lifecycle;

	private final WorkingOrders orders;

	KillSwitch(BotService bots, Transitions transitions, JdbcClient jdbc, TransactionTemplate transactions,
			AutonomyEventLog autonomyEvents, AuditLog audit, Actors actors, Breakers breakers,
			ApplicationEventPublisher events, Traces traces, Clock clock, NoTradeTraces noTrades, BotLifecycle lifecycle,
			WorkingOrders orders, ObjectProvider<AutonomyPermit> permit) {
		this.orders = orders;
		// Asked when used: the verdict behind it reads the fleet this class changes.
		this.permit = permit;
		this.bots = bots;
		this.transitions = transitions;
		this.jdbc = jdbc;
		this.transactions = transactions;
		this.autonomyEvents = autonomyEvents;
		this.audit = audit;
		this.actors = actors;
		this.breakers = breakers;
		this.events = events;
		this.traces = traces;
		this.clock = clock;
		this.noTrades = noTrades;
		this.lifecycle = lifecycle;
	}

	/**
	 * Kills a bot.
	 *
	 * @param invariant what was breached ({@code MANUAL} for a person's kill)
	 * @param observed the values that breached it
	 * @param actor who kills
	 * @param reason a person's reason, or null
	 */
	public Result kill(UUID botId, String invariant, Map<String, ?> observed, FsmActor actor, @Nullable String reason) {
		BotService.Bot bot = this.bots.get(botId);
		BotState state = BotState.valueOf(bot.state());
		if (state == BotState.KILLED) {
			throw new ApiException(Code.BOT_ALREADY_KILLED, "Bot " + bot.name() + " is already killed");
		}
		// A kill stops the bot: a kill action of REDUCE_ONLY (an invariant's first step) acts as CANCEL here.
		String action = (bot.killAction() == BotService.KillAction.FLATTEN) ? "FLATTEN" : "CANCEL";
		String traceId = this.traces.currentTraceId();
		UUID killId = Ids.newId();
		// First the kill itself, in one transaction: nothing of the bot runs or is restarted after it.
		this.transactions.executeWithoutResult((status) -> {
			this.transitions.apply(StateMachines.BOT, botId, state, BotState.KILLED, "KILL_" + invariant, actor);
			this.jdbc.sql("UPDATE bots SET desired_state = 'STOPPED', reduce_only = false WHERE id = ?").param(botId).update();
			endInstances(botId, actor);
			this.jdbc.sql("""
					INSERT INTO kill_events (id, bot_id, invariant, observed, action, actor, reason, orders_cancelled, trace_id, at)
					VALUES (?, ?, ?, CAST(? AS jsonb), ?, ?, ?, 0, ?, ?)""")
				.params(killId, botId, invariant, json(observed), action, actor.value(), reason, traceId,
						Timestamp.from(this.clock.instant().truncatedTo(ChronoUnit.MICROS)))
				.update();
			this.autonomyEvents.record(botId, "KILL", invariant, Map.of("action", action));
			this.noTrades.record(botId, this.clock.instant(), SuppressionType.KILL_SWITCH, "Killed (" + invariant + ", "
					+ action + "): nothing trades until an administrator unkills the bot", false, null, "RUNTIME", traceId);
			if (actor.value().startsWith("USER:")) {
				this.audit.record("KILL_BOT", botId.toString(), AuditLog.Outcome.SUCCESS,
						(reason != null) ? Map.of("reason", reason) : Map.of());
			}
		});
		// Then what it ends outside: working orders cancelled (at the broker first), and for FLATTEN the
		// position closed. Both are counted as measured on the kill's row.
		int cancelled = this.orders.cancelAll(botId, "KILL_" + invariant);
		int flattening = action.equals("FLATTEN") ? this.orders.flatten(botId, traceId) : 0;
		this.jdbc.sql("""
				UPDATE kill_events SET orders_cancelled = ?, observed = observed || CAST(? AS jsonb) WHERE id = ?""")
			.params(cancelled, json(Map.of("flatten_orders_placed", flattening)), killId)
			.update();
		this.events.publishEvent(new BotKilled(botId, invariant, action, traceId));
		return new Result(botId, BotState.KILLED.name(), action, traceId);
	}

	/**
	 * An invariant's first step for a bot whose kill action is REDUCE_ONLY: entries refused, exits
	 * managed, the bot DEGRADED; recorded as a kill event with that action, and alerted.
	 */
	public void reduceOnlyForInvariant(UUID botId, String invariant, Map<String, ?> observed) {
		BotService.Bot bot = this.bots.get(botId);
		BotState state = BotState.valueOf(bot.state());
		String traceId = this.traces.currentTraceId();
		this.transactions.executeWithoutResult((status) -> {
			this.jdbc.sql("UPDATE bots SET reduce_only = true WHERE id = ?").param(botId).update();
			if (state == BotState.RUNNING) {
				this.transitions.apply(StateMachines.BOT, botId, state, BotState.DEGRADED, "REDUCE_ONLY_" + invariant,
						FsmActor.SYSTEM);
			}
			this.jdbc.sql("""
					INSERT INTO kill_events (id, bot_id, invariant, observed, action, actor, reason, orders_cancelled, trace_id, at)
					VALUES (?, ?, ?, CAST(? AS jsonb), 'REDUCE_ONLY', 'SYSTEM', NULL, 0, ?, ?)""")
				.params(Ids.newId(), botId, invariant, json(observed), traceId,
						Timestamp.from(this.clock.instant().truncatedTo(ChronoUnit.MICROS)))
				.update();
			this.autonomyEvents.record(botId, "REDUCE_ONLY", invariant, Map.of("by", "INVARIANT_MONITOR"));
			this.noTrades.record(botId, this.clock.instant(), SuppressionType.KILL_SWITCH, "Reduce-only (" + invariant
					+ "): entries refused, exits managed; a kill follows if the breach holds", false, null, "RUNTIME", traceId);
		});
		this.events.publishEvent(new BotReducedOnly(botId, invariant, traceId));
	}

	/** A person's kill. */
	public Result killByHand(UUID botId, @Nullable String reason) {
		return kill(botId, "MANUAL", Map.of(), FsmActor.user(this.actors.current().subject()), reason);
	}

	/** KILLED → STOPPED, only by a person, with a reason; the bot stays stopped until someone starts it. */
	public Result unkill(UUID botId, String reason) {
		BotService.Bot bot = this.bots.get(botId);
		if (!bot.state().equals(BotState.KILLED.name())) {
			throw new ApiException(Code.BOT_NOT_KILLED, "Bot " + bot.name() + " is " + bot.state() + ", not KILLED");
		}
		this.permit.getObject().require("UNKILL_BOT", botId.toString());
		FsmActor actor = FsmActor.user(this.actors.current().subject());
		this.transactions.executeWithoutResult((status) -> {
			this.transitions.apply(StateMachines.BOT, botId, BotState.KILLED, BotState.STOPPED, Transitions.UNKILL, actor);
			this.autonomyEvents.record(botId, "UNKILL", "OPERATOR", Map.of("by", actor.value()));
			this.audit.record("UNKILL_BOT", botId.toString(), AuditLog.Outcome.SUCCESS, Map.of("reason", reason));
		});
		return new Result(botId, BotState.STOPPED.name(), null, this.traces.currentTraceId());
	}

	/** Stop opening positions, keep managing exits: the bot DEGRADED until resumed. Idempotent. */
	public Result reduceOnly(UUID botId) {
		BotService.Bot bot = this.bots.get(botId);
		BotState state = BotState.valueOf(bot.state());
		if (state == BotState.KILLED) {
			throw new ApiException(Code.BOT_ALREADY_KILLED, "Bot " + bot.name() + " is killed");
		}
		FsmActor actor = FsmActor.user(this.actors.current().subject());
		this.transactions.executeWithoutResult((status) -> {
			this.jdbc.sql("UPDATE bots SET reduce_only = true WHERE id = ?").param(botId).update();
			if (state == BotState.RUNNING) {
				this.transitions.apply(StateMachines.BOT, botId, state, BotState.DEGRADED, "REDUCE_ONLY", actor);
			}
			if (!bot.reduceOnly()) {
				this.autonomyEvents.record(botId, "REDUCE_ONLY", "OPERATOR", Map.of("by", actor.value()));
				this.audit.record("REDUCE_ONLY_BOT", botId.toString(), AuditLog.Outcome.SUCCESS);
			}
		});
		return new Result(botId, this.bots.get(botId).state(), "REDUCE_ONLY", this.traces.currentTraceId());
	}

	/** Ends reduce-only; the bot RUNNING again unless its breaker holds it DEGRADED. */
	public Result resume(UUID botId) {
		BotService.Bot bot = this.bots.get(botId);
		if (!bot.reduceOnly()) {
			throw new ApiException(Code.BOT_NOT_REDUCE_ONLY, "Bot " + bot.name() + " is not in reduce-only");
		}
		this.permit.getObject().require("RESUME_BOT", botId.toString());
		FsmActor actor = FsmActor.user(this.actors.current().subject());
		boolean breakerHolds = this.breakers.of(botId).state() != Breakers.BreakerState.CLOSED;
		this.transactions.executeWithoutResult((status) -> {
			this.jdbc.sql("UPDATE bots SET reduce_only = false WHERE id = ?").param(botId).update();
			if (bot.state().equals(BotState.DEGRADED.name()) && !breakerHolds) {
				this.transitions.apply(StateMachines.BOT, botId, BotState.DEGRADED, BotState.RUNNING, "RESUME", actor);
			}
			this.autonomyEvents.record(botId, "RESUME", "OPERATOR", Map.of("by", actor.value()));
			this.audit.record("RESUME_BOT", botId.toString(), AuditLog.Outcome.SUCCESS);
		});
		return new Result(botId, this.bots.get(botId).state(), null, this.traces.currentTraceId());
	}

	/** The bot's instances ended (the lifecycle's own way) and its running jobs KILLED. */
	private void endInstances(UUID botId, FsmActor actor) {
		this.lifecycle.endOpenInstances(botId, "KILLED", actor);
		this.jdbc.sql("SELECT id FROM job_runs WHERE bot_id = ? AND state = 'RUNNING' FOR UPDATE")
			.param(botId)
			.query(UUID.class)
			.list()
			.forEach((job) -> this.transitions.apply(StateMachines.JOB, job, JobState.RUNNING, JobState.KILLED, "KILLED", actor));
	}

	private static String json(Map<String, ?> observed) {
		return tools.jackson.databind.json.JsonMapper.builder().build().writeValueAsString(observed);
	}

	/**
	 * @param botId the bot
	 * @param state its state now
	 * @param action the kill action taken, or the mode entered
	 * @param traceId the trace of the change
	 */
	public record Result(UUID botId, String state, @Nullable String action, String traceId) {
	}

	enum Code implements ErrorCode {

		BOT_ALREADY_KILLED, BOT_NOT_KILLED, BOT_NOT_REDUCE_ONLY;

		@Override
		public HttpStatus status() {
			return HttpStatus.CONFLICT;
		}

	}

}
