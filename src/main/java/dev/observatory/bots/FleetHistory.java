package dev.observatory.bots;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import dev.observatory.common.paging.Cursor;
import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/** A bot's runner instances, jobs, and FSM and autonomy events, read for the API. */
@Service
public class FleetHistory {

	private final JdbcClient jdbc;

	private final BotService bots;

	FleetHistory(JdbcClient jdbc, BotService bots) {
		this.jdbc = jdbc;
		this.bots = bots;
	}

	public List<Instance> instances(UUID bot) {
		this.bots.get(bot);
		return this.jdbc.sql("""
				SELECT id, host_id, state, created_at, started_at, last_heartbeat_at, last_iteration_at, ended_at,
				    exit_reason, failure_summary
				FROM runner_instances WHERE bot_id = ? ORDER BY created_at DESC, id DESC LIMIT 100""")
			.param(bot)
			.query((rs, i) -> new Instance(rs.getObject("id", UUID.class), rs.getString("host_id"), rs.getString("state"),
					instant(rs.getTimestamp("created_at")), instant(rs.getTimestamp("started_at")),
					instant(rs.getTimestamp("last_heartbeat_at")), instant(rs.getTimestamp("last_iteration_at")),
					instant(rs.getTimestamp("ended_at")), rs.getString("exit_reason"), rs.getString("failure_summary")))
			.list();
	}

	public List<Job> jobs(UUID bot) {
		this.bots.get(bot);
		return this.jdbc.sql("""
				SELECT id, kind, instance_id, state, heartbeat_at, reason_code, created_at, started_at, ended_at
				FROM job_runs WHERE bot_id = ? ORDER BY created_at DESC, id DESC LIMIT 100""")
			.param(bot)
			.query((rs, i) -> new Job(rs.getObject("id", UUID.class), rs.getString("kind"),
					rs.getObject("instance_id", UUID.class), rs.getString("state"), instant(rs.getTimestamp("heartbeat_at")),
					rs.getString("reason_code"), instant(rs.getTimestamp("created_at")),
					instant(rs.getTimestamp("started_at")), instant(rs.getTimestamp("ended_at"))))
			.list();
	}

	/** FSM and autonomy events, newest first, {@code limit} at a time, keyset-paginated on (at, id). */
	public EventPage events(UUID bot, int limit, @Nullable String cursor) {
		this.bots.get(bot);
		Cursor before = Cursor.parse(cursor);
		Instant beforeAt = before.at();
		UUID beforeId = before.id();
		List<Event> events = this.jdbc.sql("""
				SELECT * FROM (
				    SELECT id, at, 'FSM' AS source, entity || ':' || from_state || '>' || to_state AS kind,
				        reason_code AS cause, actor, trace_id
				    FROM job_run_events WHERE bot_id = :bot AND (at, id) < (:at, :id)
				    UNION ALL
				    SELECT id, at, 'AUTONOMY', kind, cause, 'SYSTEM', trace_id
				    FROM autonomy_events WHERE bot_id = :bot AND (at, id) < (:at, :id)
				) e ORDER BY at DESC, id DESC LIMIT :limit""")
			.param("bot", bot)
			.param("at", Timestamp.from(beforeAt))
			.param("id", beforeId)
			.param("limit", limit + 1)
			.query((rs, i) -> new Event(rs.getObject("id", UUID.class), instant(rs.getTimestamp("at")),
					rs.getString("source"), rs.getString("kind"), rs.getString("cause"), rs.getString("actor"),
					rs.getString("trace_id")))
			.list();
		String next = null;
		if (events.size() > limit) {
			events = events.subList(0, limit);
			Event last = events.get(limit - 1);
			next = new Cursor(last.at(), last.id()).encode();
		}
		return new EventPage(List.copyOf(events), next);
	}

	private static @Nullable Instant instant(@Nullable Timestamp timestamp) {
		return (timestamp != null) ? timestamp.toInstant() : null;
	}

	public record Instance(UUID id, @Nullable String hostId, String state, @Nullable Instant createdAt,
			@Nullable Instant startedAt, @Nullable Instant lastHeartbeatAt, @Nullable Instant lastIterationAt,
			@Nullable Instant endedAt, @Nullable String exitReason, @Nullable String failureSummary) {
	}

	public record Job(UUID id, String kind, @Nullable UUID instanceId, String state, @Nullable Instant heartbeatAt,
			@Nullable String reasonCode, @Nullable Instant createdAt, @Nullable Instant startedAt,
			@Nullable Instant endedAt) {
	}

	/**
	 * @param source {@code FSM} (a state change) or {@code AUTONOMY} (restart, refusal, breaker, kill)
	 * @param kind for FSM {@code ENTITY:FROM>TO}, else the autonomy event's kind
	 * @param cause the reason code
	 */
	public record Event(UUID id, Instant at, String source, String kind, String cause, String actor, String traceId) {
	}

	public record EventPage(List<Event> events, @Nullable String nextCursor) {
	}

}
