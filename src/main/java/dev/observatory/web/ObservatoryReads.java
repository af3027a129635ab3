package dev.observatory.web;

import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The page's read model: what the tabs show that no API answers in one piece (a bot's heartbeat,
 * last decision and exposure side by side; the events of every source in one timeline). Read-only
 * SQL over the modules' tables and views; every figure is a measured row, nothing is filled in.
 */
@Component
class ObservatoryReads {

	private final JdbcClient jdbc;

	ObservatoryReads(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * @param breaker CLOSED, OPEN or HALF_OPEN (null: never tripped, which reads as CLOSED)
	 * @param lastHeartbeatAt the newest heartbeat of any of its jobs
	 * @param lastDecisionAt the newest trade or no-trade decision
	 * @param lastDecision what that decision was (ENTER, EXIT, or the suppression type)
	 * @param realizedToday today's realised P&L (UTC day)
	 * @param maxAbsPosition its largest position
	 * @param workingOrders orders still working
	 */
	record BotFacts(@Nullable String breaker, @Nullable Instant lastHeartbeatAt, @Nullable Instant lastDecisionAt,
			@Nullable String lastDecision, BigDecimal realizedToday, BigDecimal maxAbsPosition, long workingOrders) {

		static final BotFacts NONE = new BotFacts(null, null, null, null, BigDecimal.ZERO, BigDecimal.ZERO, 0);

	}

	/** Facts per bot, for the bots on the page. */
	Map<UUID, BotFacts> facts(List<UUID> bots) {
		Map<UUID, BotFacts> facts = new HashMap<>();
		if (bots.isEmpty()) {
			return facts;
		}
		this.jdbc.sql("""
				SELECT b.id, br.state AS breaker,
				    (SELECT max(j.heartbeat_at) FROM job_runs j WHERE j.bot_id = b.id) AS heartbeat,
				    d.decision_time, d.action, n.last_seen_at, n.suppression_type,
				    e.realized_today, e.max_abs_position, e.working_orders
				FROM bots b
				LEFT JOIN breaker_states br ON br.bot_id = b.id
				LEFT JOIN LATERAL (SELECT decision_time, action FROM decision_traces t WHERE t.bot_id = b.id
				    ORDER BY decision_time DESC LIMIT 1) d ON true
				LEFT JOIN LATERAL (SELECT last_seen_at, suppression_type FROM no_trade_traces t WHERE t.bot_id = b.id
				    ORDER BY last_seen_at DESC LIMIT 1) n ON true
				JOIN v_bot_exposure e ON e.bot_id = b.id
				WHERE b.id = ANY(:ids)""")
			.param("ids", bots.toArray(UUID[]::new))
			.query((rs) -> {
				Instant traded = instant(rs.getTimestamp("decision_time"));
				Instant suppressed = instant(rs.getTimestamp("last_seen_at"));
				boolean tradeNewer = traded != null && (suppressed == null || traded.isAfter(suppressed));
				facts.put(rs.getObject("id", UUID.class),
						new BotFacts(rs.getString("breaker"), instant(rs.getTimestamp("heartbeat")),
								tradeNewer ? traded : suppressed,
								tradeNewer ? rs.getString("action") : rs.getString("suppression_type"),
								rs.getBigDecimal("realized_today"), rs.getBigDecimal("max_abs_position"),
								rs.getLong("working_orders")));
			});
		return facts;
	}

	/** One line of the Resilience tab's history: a restart, a timeout, a kill or a breaker change. */
	record Incident(Instant at, String kind, @Nullable UUID botId, @Nullable String botName, String detail,
			String traceId) {
	}

	List<Incident> incidents(Instant since, int limit) {
		return this.jdbc.sql("""
				SELECT at, kind, bot_id, name, detail, trace_id FROM (
				    SELECT e.at, e.kind, e.bot_id, b.name, e.cause AS detail, e.trace_id FROM autonomy_events e
				        LEFT JOIN bots b ON b.id = e.bot_id
				        WHERE e.at >= :since AND (e.kind LIKE '%RESTART%' OR e.kind LIKE 'BREAKER%')
				    UNION ALL
				    SELECT j.at, 'TIMEOUT', j.bot_id, b.name, j.reason_code, j.trace_id FROM job_run_events j
				        LEFT JOIN bots b ON b.id = j.bot_id
				        WHERE j.at >= :since AND j.to_state = 'TIMEOUT'
				    UNION ALL
				    SELECT k.at, 'KILL', k.bot_id, b.name, k.invariant || ' → ' || k.action, k.trace_id FROM kill_events k
				        LEFT JOIN bots b ON b.id = k.bot_id
				        WHERE k.at >= :since) x
				ORDER BY at DESC LIMIT :limit""")
			.param("since", Timestamp.from(since))
			.param("limit", limit)
			.query((rs, i) -> new Incident(rs.getTimestamp("at").toInstant(), rs.getString("kind"),
					rs.getObject("bot_id", UUID.class), rs.getString("name"), rs.getString("detail"),
					rs.getString("trace_id")))
			.list();
	}

	/** One line of the Events tab. */
	record Event(Instant at, String source, String kind, @Nullable UUID botId, @Nullable String botName, String detail,
			String traceId) {
	}

	/** The event sources the Events tab filters on. */
	static final List<String> SOURCES = List.of("autonomy", "fsm", "status", "alert");

	/** The newest events of every source (or of one), optionally of one bot. */
	List<Event> events(@Nullable String source, @Nullable UUID bot, int limit) {
		return this.jdbc.sql("""
				SELECT at, source, kind, bot_id, name, detail, trace_id FROM (
				    SELECT e.at, 'autonomy' AS source, e.kind, e.bot_id, b.name, e.cause AS detail, e.trace_id
				        FROM autonomy_events e LEFT JOIN bots b ON b.id = e.bot_id
				        WHERE (CAST(:source AS text) IS NULL OR CAST(:source AS text) = 'autonomy') AND (CAST(:bot AS uuid) IS NULL OR e.bot_id = CAST(:bot AS uuid))
				    UNION ALL
				    SELECT j.at, 'fsm', j.entity || ' ' || j.from_state || ' → ' || j.to_state, j.bot_id, b.name,
				        j.reason_code || ' by ' || j.actor, j.trace_id
				        FROM job_run_events j LEFT JOIN bots b ON b.id = j.bot_id
				        WHERE (CAST(:source AS text) IS NULL OR CAST(:source AS text) = 'fsm') AND (CAST(:bot AS uuid) IS NULL OR j.bot_id = CAST(:bot AS uuid))
				    UNION ALL
				    SELECT s.at, 'status', coalesce(s.from_status, '—') || ' → ' || s.to_status, NULL, NULL,
				        trim(both '[]' from (s.blockers || s.degraded)::text), s.trace_id
				        FROM system_status_changes s
				        WHERE (CAST(:source AS text) IS NULL OR CAST(:source AS text) = 'status') AND CAST(:bot AS uuid) IS NULL
				    UNION ALL
				    SELECT a.at, 'alert', a.kind || ' via ' || a.channel, NULL, NULL,
				        a.outcome || coalesce(': ' || a.error, ''), a.trace_id
				        FROM alert_deliveries a
				        WHERE (CAST(:source AS text) IS NULL OR CAST(:source AS text) = 'alert') AND CAST(:bot AS uuid) IS NULL) x
				ORDER BY at DESC LIMIT :limit""")
			.param("source", source)
			.param("bot", (bot != null) ? bot.toString() : null)
			.param("limit", limit)
			.query((rs, i) -> new Event(rs.getTimestamp("at").toInstant(), rs.getString("source"), rs.getString("kind"),
					rs.getObject("bot_id", UUID.class), rs.getString("name"), rs.getString("detail"),
					rs.getString("trace_id")))
			.list();
	}

	/** Calls and errors of one provider per hour over the last 24 hours, oldest first, hours without calls included. */
	List<HourCount> hourly(String provider, Instant now) {
		Instant to = now.truncatedTo(ChronoUnit.HOURS);
		return this.jdbc.sql("""
				SELECT h.hour, coalesce(sum(u.calls), 0) AS calls, coalesce(sum(u.calls - u.ok_count), 0) AS errors
				FROM generate_series(:from, :to, interval '1 hour') AS h(hour)
				LEFT JOIN integration_usage_hour u ON u.provider = :provider AND u.bucket_start = h.hour
				GROUP BY h.hour ORDER BY h.hour""")
			.param("from", Timestamp.from(to.minus(23, ChronoUnit.HOURS)))
			.param("to", Timestamp.from(to))
			.param("provider", provider)
			.query((rs, i) -> new HourCount(rs.getTimestamp("hour").toInstant(), rs.getLong("calls"), rs.getLong("errors")))
			.list();
	}

	record HourCount(Instant hour, long calls, long errors) {
	}

	/** AI calls and tokens per provider over 24 h; tokens only where the provider reported them. */
	record AiUsage(String provider, long calls, long errors, long callsWithTokens, long inputTokens, long outputTokens,
			@Nullable Instant lastUsedAt) {
	}

	List<AiUsage> aiUsage(List<String> providers, Instant since) {
		return this.jdbc.sql("""
				SELECT provider, count(*) AS calls, count(*) FILTER (WHERE status <> 'OK') AS errors,
				    count(*) FILTER (WHERE metadata_safe_json ->> 'input_tokens' IS NOT NULL) AS with_tokens,
				    coalesce(sum((metadata_safe_json ->> 'input_tokens')::bigint), 0) AS input_tokens,
				    coalesce(sum((metadata_safe_json ->> 'output_tokens')::bigint), 0) AS output_tokens,
				    max(created_at) AS last_used_at
				FROM integration_usage_events WHERE provider = ANY(:providers) AND created_at >= :since
				GROUP BY provider ORDER BY provider""")
			.param("providers", providers.toArray(String[]::new))
			.param("since", Timestamp.from(since))
			.query((rs, i) -> new AiUsage(rs.getString("provider"), rs.getLong("calls"), rs.getLong("errors"),
					rs.getLong("with_tokens"), rs.getLong("input_tokens"), rs.getLong("output_tokens"),
					instant(rs.getTimestamp("last_used_at"))))
			.list();
	}

	/** A bot's positions and its newest orders, for the bot page. */
	record PositionRow(String symbol, BigDecimal quantity, BigDecimal averagePrice, BigDecimal realizedPnl, String mode,
			String dataSource, Instant updatedAt) {
	}

	record OrderRow(UUID id, String symbol, String side, BigDecimal quantity, String orderType, String status,
			String venue, String mode, String dataSource, @Nullable String statusReason, String traceId,
			Instant createdAt) {
	}

	List<PositionRow> positions(UUID bot) {
		return this.jdbc.sql("""
				SELECT symbol, quantity, average_price, realized_pnl, mode, data_source, updated_at FROM positions
				WHERE bot_id = ? ORDER BY symbol""")
			.param(bot)
			.query((rs, i) -> new PositionRow(rs.getString("symbol"), rs.getBigDecimal("quantity"),
					rs.getBigDecimal("average_price"), rs.getBigDecimal("realized_pnl"), rs.getString("mode"),
					rs.getString("data_source"), rs.getTimestamp("updated_at").toInstant()))
			.list();
	}

	List<OrderRow> orders(UUID bot, int limit) {
		return this.jdbc.sql("""
				SELECT id, symbol, side, quantity, order_type, status, venue, mode, data_source, status_reason, trace_id,
				    created_at FROM orders WHERE bot_id = ? ORDER BY created_at DESC LIMIT ?""")
			.param(bot)
			.param(limit)
			.query((rs, i) -> new OrderRow(rs.getObject("id", UUID.class), rs.getString("symbol"), rs.getString("side"),
					rs.getBigDecimal("quantity"), rs.getString("order_type"), rs.getString("status"),
					rs.getString("venue"), rs.getString("mode"), rs.getString("data_source"),
					rs.getString("status_reason"), rs.getString("trace_id"), rs.getTimestamp("created_at").toInstant()))
			.list();
	}

	/** The diagnostics of each provider's last verify (codes and safe messages), as "CODE: message" lines. */
	Map<String, List<String>> lastDiagnostics() {
		Map<String, List<String>> diagnostics = new HashMap<>();
		this.jdbc.sql("""
				SELECT p.provider, d ->> 'code' AS code, d ->> 'message' AS message
				FROM unnest(:providers) AS p(provider)
				JOIN LATERAL (SELECT diagnostics FROM integration_checks WHERE provider = p.provider
				              ORDER BY checked_at DESC LIMIT 1) c ON true,
				    jsonb_array_elements(CASE jsonb_typeof(c.diagnostics) WHEN 'array' THEN c.diagnostics ELSE '[]' END) d""")
			.param("providers", java.util.Arrays.stream(dev.observatory.telemetry.ProviderKey.values())
				.map(dev.observatory.telemetry.ProviderKey::key)
				.toArray(String[]::new))
			.query((rs) -> {
				diagnostics.computeIfAbsent(rs.getString("provider"), (k) -> new java.util.ArrayList<>())
					.add(rs.getString("code") + ": " + rs.getString("message"));
			});
		return diagnostics;
	}

	private static @Nullable Instant instant(@Nullable Timestamp timestamp) {
		return (timestamp != null) ? timestamp.toInstant() : null;
	}

}
