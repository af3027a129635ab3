package dev.observatory.traces;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import dev.observatory.common.paging.Cursor;
import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;

/** One page of a bot's traces, newest first by decision time: the filters both kinds share. */
final class TracePages {

	private TracePages() {
	}

	/**
	 * @param select the trace table's {@code SELECT … FROM …}
	 * @param typeColumn the column {@code type} filters ({@code action} or {@code suppression_type})
	 */
	static <T> List<T> page(JdbcClient jdbc, String select, String typeColumn, UUID bot, @Nullable Instant since,
			@Nullable Instant until, @Nullable String type, int limit, Cursor before, RowMapper<T> rows) {
		return jdbc.sql(select + "\n" + """
				WHERE bot_id = :bot AND (decision_time, id) < (:beforeAt, :beforeId)
				  AND decision_time >= coalesce(CAST(:since AS timestamptz), '-infinity')
				  AND decision_time < coalesce(CAST(:until AS timestamptz), 'infinity')
				  AND (CAST(:type AS text) IS NULL OR %s = :type)
				ORDER BY decision_time DESC, id DESC LIMIT :limit""".formatted(typeColumn))
			.param("bot", bot)
			.param("beforeAt", Timestamp.from(before.at()))
			.param("beforeId", before.id())
			.param("since", (since != null) ? Timestamp.from(since) : null)
			.param("until", (until != null) ? Timestamp.from(until) : null)
			.param("type", type)
			.param("limit", limit)
			.query(rows)
			.list();
	}

}
