package dev.observatory.autonomy;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * The per-bot restart breaker's rows ({@code breaker_states}): CLOSED → OPEN after N failures in
 * the window → HALF_OPEN (by an operator's reset or the bot's cool-down) → CLOSED after one clean
 * run, or OPEN again on a failure. A bot without a row is CLOSED. Callers write the autonomy event
 * in the same transaction.
 */
@Service
class Breakers {

	private final JdbcClient jdbc;

	Breakers(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	State of(UUID bot) {
		return this.jdbc.sql("SELECT state, failures, opened_at, half_open_at, closed_at FROM breaker_states WHERE bot_id = ?")
			.param(bot)
			.query((rs, i) -> new State(BreakerState.valueOf(rs.getString("state")), rs.getInt("failures"),
					instant(rs.getTimestamp("opened_at")), instant(rs.getTimestamp("half_open_at")),
					instant(rs.getTimestamp("closed_at"))))
			.optional()
			.orElse(State.CLOSED_NEVER_OPENED);
	}

	void open(UUID bot, int failures, Instant now, String traceId) {
		this.jdbc.sql("""
				INSERT INTO breaker_states (bot_id, state, failures, opened_at, updated_at, trace_id)
				VALUES (:bot, 'OPEN', :failures, :now, :now, :trace)
				ON CONFLICT (bot_id) DO UPDATE SET state = 'OPEN', failures = :failures, opened_at = :now,
				    half_open_at = NULL, updated_at = :now, trace_id = :trace""")
			.param("bot", bot)
			.param("failures", failures)
			.param("now", Timestamp.from(now))
			.param("trace", traceId)
			.update();
	}

	/** OPEN → HALF_OPEN; false if the breaker was not OPEN (another request or replica won). */
	boolean halfOpen(UUID bot, Instant now, String traceId) {
		return this.jdbc.sql("""
				UPDATE breaker_states SET state = 'HALF_OPEN', half_open_at = ?, updated_at = ?, trace_id = ?
				WHERE bot_id = ? AND state = 'OPEN'""")
			.params(Timestamp.from(now), Timestamp.from(now), traceId, bot)
			.update() == 1;
	}

	/** HALF_OPEN → CLOSED; false if it was not HALF_OPEN. */
	boolean close(UUID bot, Instant now, String traceId) {
		return this.jdbc.sql("""
				UPDATE breaker_states SET state = 'CLOSED', failures = 0, closed_at = ?, updated_at = ?, trace_id = ?
				WHERE bot_id = ? AND state = 'HALF_OPEN'""")
			.params(Timestamp.from(now), Timestamp.from(now), traceId, bot)
			.update() == 1;
	}

	private static @Nullable Instant instant(@Nullable Timestamp timestamp) {
		return (timestamp != null) ? timestamp.toInstant() : null;
	}

	enum BreakerState {

		CLOSED, OPEN, HALF_OPEN

	}

	/**
	 * @param state where the breaker stands
	 * @param failures the failures that opened it
	 * @param openedAt when it last opened
	 * @param halfOpenAt when it last went HALF_OPEN (a failure of a run started after this re-opens it)
	 * @param closedAt when it last closed (failures before this no longer count)
	 */
	record State(BreakerState state, int failures, @Nullable Instant openedAt, @Nullable Instant halfOpenAt,
			@Nullable Instant closedAt) {

		static final State CLOSED_NEVER_OPENED = new State(BreakerState.CLOSED, 0, null, null, null);

	}

}
