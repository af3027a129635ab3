package dev.observatory.bots;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;

import dev.observatory.common.time.Ids;
import dev.observatory.common.trace.Traces;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * The one writer of {@code autonomy_events}: what the loops and people did to a bot beyond a state
 * change (restart, refused restart, breaker opened, half-open or closed, kill, unkill, reduce-only).
 * Call it inside the transaction of the change it records. Details are identifiers and counts only.
 */
@Service
public class AutonomyEventLog {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final JdbcClient jdbc;

	private final Traces traces;

	private final Clock clock;

	AutonomyEventLog(JdbcClient jdbc, Traces traces, Clock clock) {
		this.jdbc = jdbc;
		this.traces = traces;
		this.clock = clock;
	}

	/**
	 * @param botId the bot
	 * @param kind what happened ({@code RESTART}, {@code RESTART_REFUSED}, {@code BREAKER_OPEN}, …)
	 * @param cause why ({@code CRASHED}, {@code HEARTBEAT_TIMEOUT}, a safe-start code, …)
	 * @param details safe identifiers and counts
	 * @return the event's trace id
	 */
	public String record(UUID botId, String kind, String cause, Map<String, ?> details) {
		String traceId = this.traces.currentTraceId();
		this.jdbc.sql("""
				INSERT INTO autonomy_events (id, bot_id, kind, cause, details, trace_id, at)
				VALUES (?, ?, ?, ?, CAST(? AS jsonb), ?, ?)""")
			.params(Ids.newId(), botId, kind, cause, JSON.writeValueAsString(details), traceId,
					Timestamp.from(this.clock.instant().truncatedTo(ChronoUnit.MICROS)))
			.update();
		return traceId;
	}

}
