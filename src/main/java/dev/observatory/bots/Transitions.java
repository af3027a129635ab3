package dev.observatory.bots;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import dev.observatory.common.error.ApiException;
import dev.observatory.common.time.Ids;
import dev.observatory.common.trace.Traces;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The one way a bot's, an instance's or a job's state changes: the pair is checked against the
 * machine's table, the row is updated only if it is still in the expected state (so of two
 * replicas racing, exactly one wins), and the FSM log row is written in the same transaction.
 */
@Service
public class Transitions {

	/** The only reason a KILLED bot may become STOPPED: an operator's audited unkill. */
	public static final String UNKILL = "UNKILL";

	private final JdbcClient jdbc;

	private final TransactionTemplate transactions;

	private final Clock clock;

	private final Traces traces;

	Transitions(JdbcClient jdbc, TransactionTemplate transactions, Clock clock, Traces traces) {
		this.jdbc = jdbc;
		this.transactions = transactions;
		this.clock = clock;
		this.traces = traces;
	}

	/**
	 * Moves {@code id} from {@code expected} to {@code to}.
	 *
	 * @throws ApiException {@code INVALID_TRANSITION} (409) when the pair is not allowed,
	 *     {@code STATE_CONFLICT} (409) when the row is no longer in {@code expected}, or the
	 *     machine's not-found code (404); nothing is written in any of these cases
	 */
	public <S extends Enum<S>> Transition apply(StateMachine<S> machine, UUID id, S expected, S to, String reasonCode,
			FsmActor actor) {
		machine.check(expected, to);
		if (machine == StateMachines.BOT && expected == BotState.KILLED
				&& (!UNKILL.equals(reasonCode) || !actor.value().startsWith("USER:"))) {
			throw new ApiException(BotErrorCode.INVALID_TRANSITION,
					"bot transition KILLED → STOPPED is allowed only as an operator's unkill",
					Map.of("from", expected.name(), "to", to.name()));
		}
		Instant at = this.clock.instant().truncatedTo(ChronoUnit.MICROS);
		String traceId = this.traces.currentTraceId();
		Transition transition = this.transactions.execute((status) -> {
			Optional<UUID> botId = this.jdbc.sql(machine.updateSql())
				.param("to", to.name())
				.param("at", Timestamp.from(at))
				.param("id", id)
				.param("expected", expected.name())
				.param("reason", reasonCode)
				.query(UUID.class)
				.optional();
			if (botId.isEmpty()) {
				throw conflictOrMissing(machine, id, expected);
			}
			this.jdbc.sql("""
					INSERT INTO job_run_events (id, entity, entity_id, bot_id, from_state, to_state, reason_code, actor, trace_id, at)
					VALUES (:id, :entity, :entityId, :botId, :from, :to, :reason, :actor, :traceId, :at)""")
				.param("id", Ids.newId())
				.param("entity", machine.entity())
				.param("entityId", id)
				.param("botId", botId.get())
				.param("from", expected.name())
				.param("to", to.name())
				.param("reason", reasonCode)
				.param("actor", actor.value())
				.param("traceId", traceId)
				.param("at", Timestamp.from(at))
				.update();
			return new Transition(machine.entity(), id, botId.get(), expected.name(), to.name(), reasonCode, actor.value(),
					traceId, at);
		});
		return java.util.Objects.requireNonNull(transition);
	}

	private <S extends Enum<S>> ApiException conflictOrMissing(StateMachine<S> machine, UUID id, S expected) {
		String table = switch (machine.entity()) {
			case "BOT" -> "bots";
			case "INSTANCE" -> "runner_instances";
			default -> "job_runs";
		};
		Optional<String> current = this.jdbc.sql("SELECT state FROM " + table + " WHERE id = ?")
			.param(id)
			.query(String.class)
			.optional();
		String entity = machine.entity().toLowerCase(java.util.Locale.ROOT);
		return current
			.map((state) -> new ApiException(BotErrorCode.STATE_CONFLICT,
					entity + " " + id + " is " + state + ", not " + expected + ": it changed meanwhile; reload and retry",
					Map.of("expected", expected.name(), "current", state)))
			.orElseGet(() -> new ApiException(machine.notFound(), "No " + entity + " " + id));
	}

	/**
	 * One applied change, as the FSM log holds it.
	 *
	 * @param entity {@code BOT}, {@code INSTANCE} or {@code JOB}
	 * @param entityId its id
	 * @param botId the bot it belongs to
	 * @param from the state it left
	 * @param to the state it entered
	 * @param reasonCode why
	 * @param actor who
	 * @param traceId the trace of the change
	 * @param at when (the injected clock)
	 */
	public record Transition(String entity, UUID entityId, UUID botId, String from, String to, String reasonCode,
			String actor, String traceId, Instant at) {
	}

}
