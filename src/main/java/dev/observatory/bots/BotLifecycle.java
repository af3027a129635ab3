package dev.observatory.bots;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;

import dev.observatory.audit.Actors;
import dev.observatory.audit.AuditLog;
import dev.observatory.common.time.Ids;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Start and stop, each one transaction. Start passes the safe-start gate, sets the desired state
 * RUNNING, moves the bot to STARTING and queues a PENDING runner instance for a host to claim.
 * Stop sets the desired state STOPPED, ends the bot's open instances (PENDING ones are TERMINATED,
 * RUNNING ones STOPPED, which their host's run loop observes and obeys) and moves the bot to STOPPED.
 */
@Service
public class BotLifecycle {

	private final BotService bots;

	private final SafeStartGate gate;

	private final Transitions transitions;

	private final JdbcClient jdbc;

	private final TransactionTemplate transactions;

	private final Actors actors;

	private final AutonomyEventLog autonomyEvents;

	private final AuditLog audit;

	private final Clock clock;

	BotLifecycle(BotService bots, SafeStartGate gate, Transitions transitions, JdbcClient jdbc,
			TransactionTemplate transactions, Actors actors, AutonomyEventLog autonomyEvents, AuditLog audit, Clock clock) {
		this.bots = bots;
		this.gate = gate;
		this.transitions = transitions;
		this.jdbc = jdbc;
		this.transactions = transactions;
		this.actors = actors;
		this.autonomyEvents = autonomyEvents;
		this.audit = audit;
		this.clock = clock;
	}

	/**
	 * A person's start. Refused by the safe-start gate: 409 with the first denial's code and every
	 * denial under {@code reasons}; the refusal is kept — the bot BLOCKED with the reason (a killed
	 * bot stays KILLED), an autonomy event {@code START_REFUSED}, an audit row — and the desired state
	 * is left as it was.
	 */
	public BotService.Bot start(UUID id) {
		BotService.Bot bot = this.bots.get(id);
		BotState current = BotState.valueOf(bot.state());
		if (current != BotState.KILLED) {
			// Starting a bot that is already starting or running is an invalid transition, whatever the gate says.
			StateMachines.BOT.check(current, BotState.STARTING);
		}
		SafeStartGate.Verdict verdict = this.gate.check(bot, SafeStartCheck.Initiator.USER);
		FsmActor actor = FsmActor.user(this.actors.current().subject());
		if (!verdict.allowed()) {
			this.transactions.executeWithoutResult((status) -> {
				String reason = verdict.codes().get(0);
				if (current == BotState.STOPPED) {
					this.transitions.apply(StateMachines.BOT, id, current, BotState.STARTING, "USER_START", actor);
					this.transitions.apply(StateMachines.BOT, id, BotState.STARTING, BotState.BLOCKED, reason, actor);
				}
				this.autonomyEvents.record(id, "START_REFUSED", reason, Map.of("codes", verdict.codes(), "by", actor.value()));
				this.audit.record("START_BOT", id.toString(), AuditLog.Outcome.DENIED, Map.of("reasons", verdict.codes()));
			});
			throw verdict.toException();
		}
		this.transactions.executeWithoutResult((status) -> {
			this.transitions.apply(StateMachines.BOT, id, current, BotState.STARTING, "USER_START", actor);
			this.jdbc.sql("UPDATE bots SET desired_state = 'RUNNING' WHERE id = ?").param(id).update();
			queueInstance(id);
			this.audit.record("START_BOT", id.toString(), AuditLog.Outcome.SUCCESS);
		});
		return this.bots.get(id);
	}

	/** The gate's verdict without starting (dry run). */
	public SafeStartGate.Verdict safeStartCheck(UUID id, SafeStartCheck.Initiator initiator) {
		return this.gate.check(this.bots.get(id), initiator);
	}

	public BotService.Bot stop(UUID id) {
		BotService.Bot bot = this.bots.get(id);
		FsmActor actor = FsmActor.user(this.actors.current().subject());
		this.transactions.executeWithoutResult((status) -> {
			this.jdbc.sql("UPDATE bots SET desired_state = 'STOPPED' WHERE id = ?").param(id).update();
			endOpenInstances(id, "USER_STOP", actor);
			this.transitions.apply(StateMachines.BOT, id, BotState.valueOf(bot.state()), BotState.STOPPED, "USER_STOP",
					actor);
			this.audit.record("STOP_BOT", id.toString(), AuditLog.Outcome.SUCCESS);
		});
		return this.bots.get(id);
	}

	/**
	 * Ends the bot's open instances inside the caller's transaction: PENDING ones TERMINATED, RUNNING
	 * ones STOPPED (their host's loop sees it at its next heartbeat and ends).
	 */
	public void endOpenInstances(UUID bot, String reasonCode, FsmActor actor) {
		this.jdbc.sql("SELECT id, state FROM runner_instances WHERE bot_id = ? AND state IN ('PENDING', 'RUNNING') FOR UPDATE")
			.param(bot)
			.query((rs, i) -> Map.entry(rs.getObject("id", UUID.class), InstanceState.valueOf(rs.getString("state"))))
			.list()
			.forEach((instance) -> this.transitions.apply(StateMachines.INSTANCE, instance.getKey(), instance.getValue(),
					(instance.getValue() == InstanceState.PENDING) ? InstanceState.TERMINATED : InstanceState.STOPPED,
					reasonCode, actor));
	}

	/** Queues a PENDING runner instance for a host to claim, inside the caller's transaction. */
	public UUID queueInstance(UUID bot) {
		UUID instance = Ids.newId();
		this.jdbc.sql("INSERT INTO runner_instances (id, bot_id, state, created_at) VALUES (?, ?, 'PENDING', ?)")
			.params(instance, bot, Timestamp.from(this.clock.instant().truncatedTo(ChronoUnit.MICROS)))
			.update();
		return instance;
	}

}
