package dev.observatory.traces;

import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.observatory.bots.BotMode;
import dev.observatory.bots.BotService;
import dev.observatory.common.paging.Cursor;
import dev.observatory.common.time.Ids;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * The one writer of {@code decision_traces} ("why this trade"): one row per ENTER or EXIT with its
 * structured reasons (rule, variable values, threshold), the safe snapshot of the signals, the
 * confidence, and the bot's mode and data source.
 */
@Service
public class DecisionTraces {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final JdbcClient jdbc;

	private final BotService bots;

	DecisionTraces(JdbcClient jdbc, BotService bots) {
		this.jdbc = jdbc;
		this.bots = bots;
	}

	public Trace record(UUID bot, Instant decisionTime, String action, JsonNode reasons, JsonNode snapshot,
			@Nullable BigDecimal confidence, @Nullable UUID tradeLogId, @Nullable String dataSource, String source,
			String traceId) {
		BotService.Bot owner = this.bots.get(bot);
		UUID id = Ids.newId();
		this.jdbc.sql("""
				INSERT INTO decision_traces (id, bot_id, trade_log_id, decision_time, action, reasons,
				    signals_snapshot_safe_json, confidence, mode, data_source, source, trace_id, created_at)
				VALUES (?, ?, ?, ?, ?, CAST(? AS jsonb), CAST(? AS jsonb), ?, ?, ?, ?, ?, now())""")
			.params(id, bot, tradeLogId, Timestamp.from(decisionTime.truncatedTo(ChronoUnit.MICROS)), action,
					JSON.writeValueAsString(reasons), JSON.writeValueAsString(snapshot), confidence, owner.mode().name(),
					(dataSource != null) ? dataSource : owner.dataProvider(), source, traceId)
			.update();
		return this.jdbc.sql(SELECT + " WHERE id = ?").param(id).query(DecisionTraces::trace).single();
	}

	/** Newest first by decision time, {@code limit} at a time; {@code action} filters ENTER or EXIT. */
	public List<Trace> page(UUID bot, @Nullable Instant since, @Nullable Instant until, @Nullable String action, int limit,
			Cursor before) {
		this.bots.get(bot);
		return TracePages.page(this.jdbc, SELECT, "action", bot, since, until, action, limit, before,
				DecisionTraces::trace);
	}

	private static final String SELECT = """
			SELECT id, bot_id, trade_log_id, decision_time, action, reasons::text AS reasons,
			    signals_snapshot_safe_json::text AS snapshot, confidence, mode, data_source, source, trace_id
			FROM decision_traces""";

	private static Trace trace(java.sql.ResultSet rs, int row) throws java.sql.SQLException {
		return new Trace(rs.getObject("id", UUID.class), rs.getObject("bot_id", UUID.class),
				rs.getObject("trade_log_id", UUID.class), rs.getTimestamp("decision_time").toInstant(), rs.getString("action"),
				JSON.readTree(rs.getString("reasons")), JSON.readTree(rs.getString("snapshot")), rs.getBigDecimal("confidence"),
				rs.getString("mode"), rs.getString("data_source"), rs.getString("source"), rs.getString("trace_id"));
	}

	/** One decision trace ("why this trade"). */
	public record Trace(UUID id, UUID botId, @Nullable UUID tradeLogId, Instant decisionTime, String action,
			JsonNode reasons, @JsonProperty("signals_snapshot_safe_json") JsonNode signalsSnapshot,
			@Nullable BigDecimal confidence, String mode, String dataSource, String source, String traceId) {

		/** SIM shown as SIMULATED. */
		@JsonProperty("label")
		public String label() {
			return BotMode.labelOf(this.mode);
		}

	}

}
