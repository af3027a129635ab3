package dev.observatory.bots;

import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

import dev.observatory.common.error.ApiException;

/**
 * One state machine: its explicit table of allowed transitions, and how its rows are updated. The
 * only way a bot's, an instance's or a job's state changes is {@link Transitions#apply} with one of
 * {@link StateMachines}' machines.
 *
 * @param <S> its states
 */
public final class StateMachine<S extends Enum<S>> {

	private final String entity;

	private final Class<S> states;

	private final Map<S, Set<S>> allowed;

	private final String updateSql;

	private final BotErrorCode notFound;

	StateMachine(String entity, Class<S> states, Map<S, Set<S>> allowed, String updateSql, BotErrorCode notFound) {
		this.entity = entity;
		this.states = states;
		Map<S, Set<S>> copy = new EnumMap<>(states);
		for (S state : states.getEnumConstants()) {
			Set<S> targets = allowed.get(state);
			copy.put(state, (targets != null && !targets.isEmpty()) ? EnumSet.copyOf(targets) : EnumSet.noneOf(states));
		}
		this.allowed = copy;
		this.updateSql = updateSql;
		this.notFound = notFound;
	}

	/** {@code BOT}, {@code INSTANCE} or {@code JOB}, as the FSM log names it. */
	public String entity() {
		return this.entity;
	}

	public Class<S> states() {
		return this.states;
	}

	public boolean allows(S from, S to) {
		return this.allowed.get(from).contains(to);
	}

	/** @throws ApiException {@code INVALID_TRANSITION} (409) naming the pair, when it is not in the table */
	void check(S from, S to) {
		if (!allows(from, to)) {
			throw new ApiException(BotErrorCode.INVALID_TRANSITION,
					this.entity.toLowerCase(java.util.Locale.ROOT) + " transition " + from + " → " + to + " is not allowed",
					Map.of("from", from.name(), "to", to.name()));
		}
	}

	/**
	 * The compare-and-set update: parameters {@code :id}, {@code :expected}, {@code :to},
	 * {@code :at}; it returns the row's bot id.
	 */
	String updateSql() {
		return this.updateSql;
	}

	BotErrorCode notFound() {
		return this.notFound;
	}

}
