package dev.observatory.scoring;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import dev.observatory.bots.AutonomyEventLog;
import dev.observatory.bots.BotService;
import dev.observatory.common.time.Ids;
import dev.observatory.common.trace.Traces;
import dev.observatory.trading.risk.RiskLimits;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Scores bots from their recorded rows: one set-based statement reads every bot's inputs over the
 * window ({@link #INPUTS}), {@link AutonomyScoring} turns them into scores, and a pass stores them —
 * history in {@code autonomy_scores}, the current score and tier in {@code bot_autonomy} — and
 * writes an autonomy event for every tier that changed. There is no other way to write a score.
 */
@Service
public class AutonomyScores {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final JdbcClient jdbc;

	private final TransactionTemplate transactions;

	private final AutonomyEventLog events;

	private final BotService bots;

	private final Traces traces;

	private final ScoringProperties properties;

	private final AutonomyScoring scoring;

	private final Clock clock;

	AutonomyScores(JdbcClient jdbc, TransactionTemplate transactions, AutonomyEventLog events, BotService bots,
			Traces traces, ScoringProperties properties, Clock clock) {
		this.jdbc = jdbc;
		this.transactions = transactions;
		this.events = events;
		this.bots = bots;
		this.traces = traces;
		this.properties = properties;
		this.scoring = new AutonomyScoring(properties);
		this.clock = clock;
	}

	/** Scores every bot and stores the results (the scoring loop's pass); answers the counts per tier and the tier changes. */
	public Map<String, Object> passAll() {
		Instant now = this.clock.instant().truncatedTo(ChronoUnit.MICROS);
		List<AutonomyScoring.Score> scores = inputs(null, now).stream().map(this.scoring::score).toList();
		Map<UUID, String> previous = new HashMap<>();
		this.jdbc.sql("SELECT bot_id, tier FROM bot_autonomy")
			.query((rs) -> {
				previous.put(rs.getObject("bot_id", UUID.class), rs.getString("tier"));
			});
		String traceId = this.traces.currentTraceId();
		int[] changed = { 0 };
		this.transactions.executeWithoutResult((status) -> {
			store(scores, now, traceId);
			for (AutonomyScoring.Score score : scores) {
				String before = previous.get(score.botId());
				if (before != null && !before.equals(score.tier().name())) {
					this.events.record(score.botId(), "TIER_CHANGED", before + ">" + score.tier().name(),
							Map.of("from", before, "to", score.tier().name(), "score", score.score()));
					changed[0]++;
				}
			}
		});
		Map<String, Object> decided = new java.util.TreeMap<>();
		for (AutonomyScoring.Score score : scores) {
			decided.merge(score.tier().name(), 1, (a, b) -> (Integer) a + (Integer) b);
		}
		decided.put("bots_scored", scores.size());
		decided.put("tier_changes", changed[0]);
		return decided;
	}

	/** One bot's score now, computed on demand (not stored: the loop keeps the history). */
	public View now(UUID bot) {
		this.bots.get(bot);
		Instant now = this.clock.instant().truncatedTo(ChronoUnit.MICROS);
		AutonomyScoring.Score score = this.scoring.score(inputs(bot, now).get(0));
		return view(score, now, this.traces.currentTraceId());
	}

	/** The bot's stored scores, newest first. */
	public List<View> history(UUID bot, int limit, @Nullable Instant before) {
		this.bots.get(bot);
		return this.jdbc.sql("""
				SELECT computed_at, score, tier, breakdown::text AS breakdown, blockers::text AS blockers, trace_id
				FROM autonomy_scores WHERE bot_id = :bot AND (CAST(:before AS timestamptz) IS NULL OR computed_at < :before)
				ORDER BY computed_at DESC, id DESC LIMIT :limit""")
			.param("bot", bot)
			.param("before", (before != null) ? Timestamp.from(before) : null)
			.param("limit", limit)
			.query((rs, i) -> new View(bot, rs.getInt("score"), rs.getString("tier"),
					JSON.readValue(rs.getString("breakdown"), Object.class),
					JSON.readValue(rs.getString("blockers"), Object.class), rs.getTimestamp("computed_at").toInstant(),
					rs.getString("trace_id")))
			.list();
	}

	/** The stored tier of a bot, if it was ever scored. */
	public Optional<Tier> storedTier(UUID bot) {
		return this.jdbc.sql("SELECT tier FROM bot_autonomy WHERE bot_id = ?").param(bot).query(String.class).optional()
			.map(Tier::valueOf);
	}

	private void store(List<AutonomyScoring.Score> scores, Instant now, String traceId) {
		int n = scores.size();
		if (n == 0) {
			return;
		}
		UUID[] ids = new UUID[n];
		UUID[] botIds = new UUID[n];
		Integer[] values = new Integer[n];
		String[] tiers = new String[n];
		String[] breakdowns = new String[n];
		String[] blockers = new String[n];
		for (int i = 0; i < n; i++) {
			AutonomyScoring.Score score = scores.get(i);
			ids[i] = Ids.newId();
			botIds[i] = score.botId();
			values[i] = score.score();
			tiers[i] = score.tier().name();
			breakdowns[i] = JSON.writeValueAsString(breakdown(score));
			blockers[i] = JSON.writeValueAsString(score.blockers());
		}
		this.jdbc.sql("""
				INSERT INTO autonomy_scores (id, bot_id, computed_at, score, tier, breakdown, blockers, trace_id)
				SELECT s.id, s.bot_id, :now, s.score, s.tier, CAST(s.breakdown AS jsonb), CAST(s.blockers AS jsonb), :traceId
				FROM unnest(CAST(:ids AS uuid[]), CAST(:bots AS uuid[]), CAST(:scores AS integer[]), CAST(:tiers AS text[]),
				    CAST(:breakdowns AS text[]), CAST(:blockers AS text[])) AS s (id, bot_id, score, tier, breakdown, blockers)""")
			.param("now", Timestamp.from(now))
			.param("traceId", traceId)
			.param("ids", ids)
			.param("bots", botIds)
			.param("scores", values)
			.param("tiers", tiers)
			.param("breakdowns", breakdowns)
			.param("blockers", blockers)
			.update();
		this.jdbc.sql("""
				INSERT INTO bot_autonomy (bot_id, score, tier, blockers, computed_at)
				SELECT s.bot_id, s.score, s.tier, CAST(s.blockers AS jsonb), :now
				FROM unnest(CAST(:bots AS uuid[]), CAST(:scores AS integer[]), CAST(:tiers AS text[]),
				    CAST(:blockers AS text[])) AS s (bot_id, score, tier, blockers)
				ON CONFLICT (bot_id) DO UPDATE SET score = excluded.score, tier = excluded.tier,
				    blockers = excluded.blockers, computed_at = excluded.computed_at""")
			.param("now", Timestamp.from(now))
			.param("bots", botIds)
			.param("scores", values)
			.param("tiers", tiers)
			.param("blockers", blockers)
			.update();
	}

	private List<ScoreInputs> inputs(@Nullable UUID bot, Instant now) {
		return java.util.Objects.requireNonNull(this.transactions.execute((status) -> {
			// The pass sorts a week of trades and events per bot: in memory, not on disk.
			this.jdbc.sql("SET LOCAL work_mem = '64MB'").update();
			return read(bot, now);
		}));
	}

	private List<ScoreInputs> read(@Nullable UUID bot, Instant now) {
		return this.jdbc.sql(INPUTS)
			.param("bot", bot)
			.param("since", Timestamp.from(now.minus(this.properties.window())))
			.param("now", Timestamp.from(now))
			.param("defaultDailyLoss", RiskLimits.DEFAULTS.maxDailyLoss())
			.query(AutonomyScores::inputs)
			.list();
	}

	private static ScoreInputs inputs(ResultSet rs, int row) throws SQLException {
		return new ScoreInputs(rs.getObject("id", UUID.class), rs.getString("name"), rs.getString("mode"),
				rs.getString("state"), rs.getString("breaker_state"), rs.getBoolean("reduce_only"),
				rs.getDouble("running_minutes"), rs.getLong("crashes"), rs.getLong("timeouts"), rs.getLong("stuck"),
				rs.getLong("restarts"), rs.getLong("breaker_openings"), rs.getLong("kills"), rs.getDouble("fallback_minutes"),
				rs.getDouble("missing_minutes"), rs.getLong("data_missing"), rs.getLong("decisions"),
				rs.getLong("complete_decisions"), rs.getLong("risk_denials"), rs.getLong("daily_loss_breaches"),
				rs.getLong("closed_trades"), rs.getBigDecimal("expectancy"), rs.getBigDecimal("max_drawdown"),
				rs.getBigDecimal("max_daily_loss"), rs.getLong("orders"), rs.getLong("rejected_orders"),
				(Double) rs.getObject("fill_ms", Double.class), rs.getLong("mismatches"), rs.getLong("non_sim_trades"));
	}

	private static Map<String, Object> breakdown(AutonomyScoring.Score score) {
		Map<String, Object> breakdown = new java.util.LinkedHashMap<>();
		for (AutonomyScoring.Component component : score.breakdown()) {
			breakdown.put(component.name(), component);
		}
		breakdown.put("caps", score.caps());
		return breakdown;
	}

	private static View view(AutonomyScoring.Score score, Instant at, String traceId) {
		return new View(score.botId(), score.score(), score.tier().name(), breakdown(score), score.blockers(), at,
				traceId);
	}

	/** A score as the API shows it. */
	public record View(UUID botId, int autonomyScore, String tier, Object breakdown, Object blockers, Instant computedAt,
			String traceId) {
	}

	/**
	 * Every bot's inputs over [since, now], or one bot's. Each source is read once and aggregated per
	 * bot; the data-route minutes pair every DATA_* event with the next one (a run that ends off its
	 * primary writes DATA_RUN_ENDED), or with now.
	 */
	static final String INPUTS = """
			WITH b AS (SELECT id, name, mode, state, reduce_only, risk_limits FROM bots
			      WHERE CAST(:bot AS uuid) IS NULL OR id = CAST(:bot AS uuid)),
			runs AS (
			  SELECT ri.bot_id,
			         sum(extract(epoch FROM least(coalesce(ri.ended_at, :now), :now) - greatest(ri.started_at, :since)))
			             / 60.0 AS running_minutes,
			         count(*) FILTER (WHERE ri.exit_reason = 'EXCEPTION' AND ri.ended_at >= :since) AS crashes,
			         count(*) FILTER (WHERE ri.exit_reason = 'HEARTBEAT_TIMEOUT' AND ri.ended_at >= :since) AS timeouts,
			         count(*) FILTER (WHERE ri.exit_reason = 'STUCK' AND ri.ended_at >= :since) AS stuck
			  FROM runner_instances ri
			  WHERE (CAST(:bot AS uuid) IS NULL OR ri.bot_id = CAST(:bot AS uuid))
			    AND ri.started_at IS NOT NULL AND ri.started_at < :now AND coalesce(ri.ended_at, :now) > :since
			  GROUP BY ri.bot_id),
			ev AS (
			  SELECT e.bot_id, count(*) FILTER (WHERE e.kind = 'RESTART') AS restarts,
			         count(*) FILTER (WHERE e.kind = 'BREAKER_OPEN') AS breaker_openings,
			         count(*) FILTER (WHERE e.kind = 'START_REFUSED' AND e.cause = 'POSITION_MISMATCH') AS mismatches
			  FROM autonomy_events e
			  WHERE (CAST(:bot AS uuid) IS NULL OR e.bot_id = CAST(:bot AS uuid)) AND e.at >= :since
			  GROUP BY e.bot_id),
			routes AS (
			  SELECT e.bot_id, e.kind, e.at, lead(e.at, 1, CAST(:now AS timestamptz)) OVER (PARTITION BY e.bot_id ORDER BY e.at) AS until
			  FROM autonomy_events e
			  WHERE (CAST(:bot AS uuid) IS NULL OR e.bot_id = CAST(:bot AS uuid))
			    AND e.kind IN ('DATA_FALLBACK', 'DATA_MISSING', 'DATA_RESTORED', 'DATA_RUN_ENDED') AND e.at >= :since),
			data AS (
			  SELECT bot_id, coalesce(sum(extract(epoch FROM until - at)) FILTER (WHERE kind = 'DATA_FALLBACK'), 0) / 60.0
			             AS fallback_minutes,
			         coalesce(sum(extract(epoch FROM until - at)) FILTER (WHERE kind = 'DATA_MISSING'), 0) / 60.0
			             AS missing_minutes
			  FROM routes GROUP BY bot_id),
			kills AS (
			  SELECT k.bot_id, count(*) AS kills FROM kill_events k
			  WHERE (CAST(:bot AS uuid) IS NULL OR k.bot_id = CAST(:bot AS uuid)) AND k.at >= :since GROUP BY k.bot_id),
			nt AS (
			  SELECT n.bot_id, coalesce(sum(n.occurrences) FILTER (WHERE n.suppression_type = 'DATA_MISSING'), 0) AS data_missing,
			         coalesce(sum(n.occurrences) FILTER (WHERE n.suppression_type = 'RISK_BLOCK'), 0) AS risk_denials,
			         coalesce(sum(n.occurrences) FILTER (WHERE n.suppression_type = 'RISK_BLOCK'
			             AND n.suppression_reason LIKE 'MAX_DAILY_LOSS%'), 0) AS daily_loss_breaches
			  FROM no_trade_traces n
			  WHERE (CAST(:bot AS uuid) IS NULL OR n.bot_id = CAST(:bot AS uuid)) AND n.last_seen_at >= :since
			  GROUP BY n.bot_id),
			dt AS (
			  SELECT d.bot_id, count(*) AS decisions, count(*) FILTER (WHERE d.complete) AS complete_decisions
			  FROM decision_traces d
			  WHERE (CAST(:bot AS uuid) IS NULL OR d.bot_id = CAST(:bot AS uuid)) AND d.decision_time >= :since
			  GROUP BY d.bot_id),
			trades AS (
			  SELECT bot_id, count(*) AS closed_trades, avg(realized_pnl) AS expectancy,
			         coalesce(max(greatest(peak, 0) - cum), 0)::numeric AS max_drawdown,
			         count(*) FILTER (WHERE mode <> 'SIM') AS non_sim_trades
			  FROM (SELECT bot_id, realized_pnl, mode, cum,
			               max(cum) OVER (PARTITION BY bot_id ORDER BY exit_time, id) AS peak
			        FROM (SELECT t.bot_id, t.id, t.exit_time, t.realized_pnl, t.mode,
			                     -- float8, not numeric: a drawdown in money needs no exact decimals, and this runs per trade.
			                     sum(t.realized_pnl::float8) OVER (PARTITION BY t.bot_id ORDER BY t.exit_time, t.id) AS cum
			              FROM trade_log t
			              WHERE (CAST(:bot AS uuid) IS NULL OR t.bot_id = CAST(:bot AS uuid))
			                AND t.status = 'CLOSED' AND t.exit_time >= :since) c) p
			  GROUP BY bot_id),
			ord AS (
			  -- A fill books its order FILLED at the fill's time, so updated_at - created_at is the order's time to fill.
			  SELECT o.bot_id, count(*) AS orders, count(*) FILTER (WHERE o.status = 'REJECTED') AS rejected_orders,
			         (avg(extract(epoch FROM o.updated_at - o.created_at) * 1000) FILTER (WHERE o.status = 'FILLED'))
			             ::double precision AS fill_ms
			  FROM orders o
			  WHERE (CAST(:bot AS uuid) IS NULL OR o.bot_id = CAST(:bot AS uuid)) AND o.created_at >= :since
			  GROUP BY o.bot_id)
			SELECT b.id, b.name, b.mode, b.state, coalesce(bs.state, 'CLOSED') AS breaker_state, b.reduce_only,
			       coalesce(r.running_minutes, 0) AS running_minutes, coalesce(r.crashes, 0) AS crashes,
			       coalesce(r.timeouts, 0) AS timeouts, coalesce(r.stuck, 0) AS stuck, coalesce(ev.restarts, 0) AS restarts,
			       coalesce(ev.breaker_openings, 0) AS breaker_openings, coalesce(k.kills, 0) AS kills,
			       coalesce(da.fallback_minutes, 0) AS fallback_minutes, coalesce(da.missing_minutes, 0) AS missing_minutes,
			       coalesce(nt.data_missing, 0) AS data_missing, coalesce(dt.decisions, 0) AS decisions,
			       coalesce(dt.complete_decisions, 0) AS complete_decisions, coalesce(nt.risk_denials, 0) AS risk_denials,
			       coalesce(nt.daily_loss_breaches, 0) AS daily_loss_breaches, coalesce(tr.closed_trades, 0) AS closed_trades,
			       tr.expectancy, coalesce(tr.max_drawdown, 0) AS max_drawdown,
			       coalesce((b.risk_limits->>'max_daily_loss')::numeric, CAST(:defaultDailyLoss AS numeric)) AS max_daily_loss,
			       coalesce(o.orders, 0) AS orders, coalesce(o.rejected_orders, 0) AS rejected_orders, o.fill_ms,
			       coalesce(ev.mismatches, 0) AS mismatches, coalesce(tr.non_sim_trades, 0) AS non_sim_trades
			FROM b
			LEFT JOIN breaker_states bs ON bs.bot_id = b.id
			LEFT JOIN runs r ON r.bot_id = b.id
			LEFT JOIN ev ON ev.bot_id = b.id
			LEFT JOIN data da ON da.bot_id = b.id
			LEFT JOIN kills k ON k.bot_id = b.id
			LEFT JOIN nt ON nt.bot_id = b.id
			LEFT JOIN dt ON dt.bot_id = b.id
			LEFT JOIN trades tr ON tr.bot_id = b.id
			LEFT JOIN ord o ON o.bot_id = b.id
			ORDER BY b.id""";

}
