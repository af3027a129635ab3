package dev.observatory.bots;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.observatory.audit.AuditLog;
import dev.observatory.common.error.ApiException;
import dev.observatory.common.trace.Traces;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Crash and hang drills: the bot's running instance is marked, and its runner host makes the run
 * loop throw on its next iteration (CRASH) or block without ending its thread (HANG), exactly as a
 * real failure would. The mark is a database row, so the host that runs the bot sees it whichever
 * replica took the request; an in-process event lets a local host act without waiting for its next
 * heartbeat. LIVE bots are refused unless {@code OBSERVATORY_ALLOW_LIVE_DRILLS=true}.
 */
@Service
public class BotDrills {

	/** What a drill does to the run loop. */
	public enum Drill {

		/** Throw on the next iteration. */
		CRASH,

		/** Block inside the next iteration, the thread alive but the loop no longer iterating. */
		HANG

	}

	/** Published after a drill is stored, for a runner host in this process. */
	public record DrillRequested(UUID botId, UUID instanceId, Drill drill) {
	}

	/** The answer to a drill request. */
	public record Accepted(UUID botId, List<UUID> instanceIds, Drill drill, String traceId) {
	}

	private final BotService bots;

	private final JdbcClient jdbc;

	private final TransactionTemplate transactions;

	private final AuditLog audit;

	private final ApplicationEventPublisher events;

	private final Traces traces;

	private final Clock clock;

	private final boolean allowLive;

	BotDrills(BotService bots, JdbcClient jdbc, TransactionTemplate transactions, AuditLog audit,
			ApplicationEventPublisher events, Traces traces, Clock clock,
			@Value("${observatory.allow-live-drills:false}") boolean allowLive) {
		this.bots = bots;
		this.jdbc = jdbc;
		this.transactions = transactions;
		this.audit = audit;
		this.events = events;
		this.traces = traces;
		this.clock = clock;
		this.allowLive = allowLive;
	}

	public Accepted request(UUID botId, Drill drill) {
		BotService.Bot bot = this.bots.get(botId);
		String action = "SIMULATE_" + drill.name();
		if (bot.mode() == BotMode.LIVE && !this.allowLive) {
			this.audit.record(action, botId.toString(), AuditLog.Outcome.DENIED, Map.of("reason", "LIVE_DRILLS_DISABLED"));
			throw new ApiException(BotErrorCode.LIVE_DRILLS_DISABLED, "Drills on LIVE bots are refused: bot " + bot.name()
					+ " trades real money. Set OBSERVATORY_ALLOW_LIVE_DRILLS=true to allow them");
		}
		Timestamp now = Timestamp.from(this.clock.instant().truncatedTo(ChronoUnit.MICROS));
		List<UUID> marked = this.transactions.execute((status) -> {
			List<UUID> ids = this.jdbc.sql("""
					UPDATE runner_instances SET drill = ?, drill_requested_at = ?
					WHERE bot_id = ? AND state = 'RUNNING' RETURNING id""")
				.params(drill.name(), now, botId)
				.query(UUID.class)
				.list();
			if (!ids.isEmpty()) {
				this.audit.record(action, botId.toString(), AuditLog.Outcome.SUCCESS,
						Map.of("instances", ids.stream().map(UUID::toString).toList()));
			}
			return ids;
		});
		if (marked == null || marked.isEmpty()) {
			throw new ApiException(BotErrorCode.BOT_NOT_RUNNING,
					"Bot " + bot.name() + " has no RUNNING instance to drill (it is " + bot.state() + "): start it first");
		}
		marked.forEach((instance) -> this.events.publishEvent(new DrillRequested(botId, instance, drill)));
		return new Accepted(botId, marked, drill, this.traces.currentTraceId());
	}

}
