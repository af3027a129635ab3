package dev.observatory.traces;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.observatory.bots.BotMode;
import dev.observatory.bots.BotService;
import dev.observatory.common.paging.Cursor;
import dev.observatory.common.time.Ids;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The one writer of {@code no_trade_traces}. Identical suppressions in a row (same bot, type, reason
 * and would-have-traded) are coalesced into the bot's latest row while it was seen within the
 * coalescing window — {@code decision_time} stays the first, {@code last_seen_at} and
 * {@code occurrences} move — so a bot that evaluates every tick cannot flood the table. Mode and data
 * source are the bot's, never the caller's.
 */
@Service
public class NoTradeTraces {

	private final JdbcClient jdbc;

	private final TransactionTemplate transactions;

	private final BotService bots;

	private final Duration coalesceWindow;

	NoTradeTraces(JdbcClient jdbc, TransactionTemplate transactions, BotService bots,
			@Value("${observatory.traces.coalesce-window:5m}") Duration coalesceWindow) {
		this.jdbc = jdbc;
		this.transactions = transactions;
		this.bots = bots;
		this.coalesceWindow = coalesceWindow;
	}

	/**
	 * Records a suppression of {@code bot}, or counts it on the bot's latest row if identical.
	 *
	 * @param decisionTime when it was decided (now, for the loops)
	 * @param dataSource the data source, or null for the bot's own
	 * @param source {@code RUNTIME} (Observatory decided) or {@code EXTERNAL} (reported by a bot runtime)
	 */
	public Trace record(UUID bot, Instant decisionTime, SuppressionType type, String reason, boolean wouldHaveTraded,
			@Nullable String dataSource, String source, String traceId) {
		BotService.Bot owner = this.bots.get(bot);
		Instant at = decisionTime.truncatedTo(ChronoUnit.MICROS);
		String data = (dataSource != null) ? dataSource : owner.dataProvider();
		return java.util.Objects.requireNonNull(this.transactions.execute((status) -> {
			Optional<UUID> coalesced = this.jdbc.sql("""
					UPDATE no_trade_traces SET occurrences = occurrences + 1, last_seen_at = greatest(last_seen_at, :at)
					WHERE id = (SELECT id FROM no_trade_traces WHERE bot_id = :bot ORDER BY last_seen_at DESC, id DESC LIMIT 1)
					  AND suppression_type = :type AND suppression_reason = :reason AND would_have_traded = :would
					  AND data_source = :data AND last_seen_at >= :windowStart
					RETURNING id""")
				.param("at", Timestamp.from(at))
				.param("bot", bot)
				.param("type", type.name())
				.param("reason", reason)
				.param("would", wouldHaveTraded)
				.param("data", data)
				.param("windowStart", Timestamp.from(at.minus(this.coalesceWindow)))
				.query(UUID.class)
				.optional();
			UUID id = coalesced.orElseGet(() -> {
				UUID created = Ids.newId();
				this.jdbc.sql("""
						INSERT INTO no_trade_traces (id, bot_id, decision_time, last_seen_at, occurrences, suppression_type,
						    suppression_reason, would_have_traded, mode, data_source, source, trace_id)
						VALUES (?, ?, ?, ?, 1, ?, ?, ?, ?, ?, ?, ?)""")
					.params(created, bot, Timestamp.from(at), Timestamp.from(at), type.name(), reason, wouldHaveTraded,
							owner.mode().name(), data, source, traceId)
					.update();
				return created;
			});
			return get(id);
		}));
	}

	/** Newest first by decision time, {@code limit} at a time. */
	public List<Trace> page(UUID bot, @Nullable Instant since, @Nullable Instant until, @Nullable SuppressionType type,
			int limit, Cursor before) {
		this.bots.get(bot);
		return TracePages.page(this.jdbc, SELECT, "suppression_type", bot, since, until,
				(type != null) ? type.name() : null, limit, before, NoTradeTraces::trace);
	}

	private Trace get(UUID id) {
		return this.jdbc.sql(SELECT + " WHERE id = ?").param(id).query(NoTradeTraces::trace).single();
	}

	private static final String SELECT = """
			SELECT id, bot_id, decision_time, last_seen_at, occurrences, suppression_type, suppression_reason,
			    would_have_traded, mode, data_source, source, trace_id FROM no_trade_traces""";

	private static Trace trace(java.sql.ResultSet rs, int row) throws java.sql.SQLException {
		return new Trace(rs.getObject("id", UUID.class), rs.getObject("bot_id", UUID.class),
				rs.getTimestamp("decision_time").toInstant(), rs.getTimestamp("last_seen_at").toInstant(),
				rs.getInt("occurrences"), SuppressionType.valueOf(rs.getString("suppression_type")),
				rs.getString("suppression_reason"), rs.getBoolean("would_have_traded"), rs.getString("mode"),
				rs.getString("data_source"), rs.getString("source"), rs.getString("trace_id"));
	}

	/**
	 * One no-trade trace ("why not").
	 *
	 * @param wouldHaveTraded the spec's {@code would_have_traded_boolean}: a signal would have fired
	 */
	public record Trace(UUID id, UUID botId, Instant decisionTime, Instant lastSeenAt, int occurrences,
			SuppressionType suppressionType, String suppressionReason, boolean wouldHaveTraded, String mode,
			String dataSource, String source, String traceId) {

		/** How the UI shows the mode: SIM as SIMULATED, so nothing simulated can pass for real. */
		@JsonProperty("label")
		public String label() {
			return BotMode.labelOf(this.mode);
		}

	}

}
