package dev.observatory.status;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;

import dev.observatory.autonomy.SchedulerStatus;
import dev.observatory.bots.AccountService;
import dev.observatory.bots.FleetCounts;
import dev.observatory.common.drills.PartFailures;
import dev.observatory.common.secrets.EnvVar;
import dev.observatory.common.secrets.SecretMasker;
import dev.observatory.common.trace.Traces;
import dev.observatory.database.DatabaseServer;
import dev.observatory.integrations.IntegrationCatalog;
import dev.observatory.integrations.IntegrationConfiguration;
import dev.observatory.integrations.IntegrationStatus;
import dev.observatory.security.AuthMethods;
import dev.observatory.telemetry.ProviderKey;
import dev.observatory.telemetry.TelemetryMonitor;
import dev.observatory.trading.risk.RiskEngine;
import tools.jackson.databind.json.JsonMapper;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.TransactionException;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The one verdict, computed on the server from what was measured — the database, the loops' recorded
 * ticks, the integrations' verifies, the usage pipeline, the fleet — never from anything a client
 * sends. BLOCKED beats DEGRADED beats OK. The rows are read in one repeatable-read, read-only
 * transaction, so the parts agree with each other; the answer is reused for at most
 * {@code observatory.status.cache-ttl} (2 s). Every change of the verdict or of its reasons is
 * recorded ({@link StatusHistory}).
 */
@Service
public class SystemStatus {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final IntegrationStatus integrations;

	private final IntegrationConfiguration configuration;

	private final AccountService accounts;

	private final SchedulerStatus scheduler;

	private final FleetCounts fleet;

	private final TelemetryMonitor telemetry;

	private final RiskEngine riskEngine;

	private final AuthMethods authMethods;

	private final DatabaseServer database;

	private final StatusHistory history;

	private final PartFailures partFailures;

	private final TransactionTemplate snapshotTransaction;

	private final JdbcClient jdbc;

	private final Traces traces;

	private final Clock clock;

	private final Duration cacheTtl;

	private volatile @Nullable Envelope cached;

	SystemStatus(IntegrationStatus integrations, IntegrationConfiguration configuration, AccountService accounts,
			SchedulerStatus scheduler, FleetCounts fleet, TelemetryMonitor telemetry, AuthMethods authMethods,
			DatabaseServer database, RiskEngine riskEngine, StatusHistory history, PartFailures partFailures, TransactionTemplate transactions,
			JdbcClient jdbc,
			Traces traces, Clock clock, @Value("${observatory.status.cache-ttl:2s}") Duration cacheTtl) {
		this.integrations = integrations;
		this.configuration = configuration;
		this.accounts = accounts;
		this.scheduler = scheduler;
		this.fleet = fleet;
		this.telemetry = telemetry;
		this.authMethods = authMethods;
		this.database = database;
		this.riskEngine = riskEngine;
		this.history = history;
		this.partFailures = partFailures;
		this.snapshotTransaction = new TransactionTemplate(java.util.Objects.requireNonNull(transactions.getTransactionManager()));
		this.snapshotTransaction.setIsolationLevel(TransactionDefinition.ISOLATION_REPEATABLE_READ);
		this.snapshotTransaction.setReadOnly(true);
		this.jdbc = jdbc;
		this.traces = traces;
		this.clock = clock;
		this.cacheTtl = cacheTtl;
	}

	/** The verdict, at most the cache TTL old. */
	public Envelope current() {
		Envelope last = this.cached;
		if (last != null && !last.computedAt().plus(this.cacheTtl).isBefore(this.clock.instant())) {
			return last;
		}
		return compute();
	}

	/** The verdict computed now (the cache bypassed), and recorded if it changed. */
	public synchronized Envelope compute() {
		String traceId = this.traces.currentTraceId();
		StatusSnapshot snapshot = snapshot();
		List<Finding> blockers = StatusRules.blockers(snapshot, traceId);
		List<Finding> degraded = StatusRules.degraded(snapshot, traceId);
		String verdict = !blockers.isEmpty() ? "BLOCKED" : !degraded.isEmpty() ? "DEGRADED" : "OK";
		Envelope envelope = new Envelope(verdict, blockers.isEmpty(), blockers, degraded,
				StatusRules.notices(snapshot, traceId), integrationsSummary(snapshot), schedulerSummary(snapshot, traceId),
				proofOfUse(snapshot), bots(snapshot), this.clock.instant(), traceId);
		if (snapshot.databaseError() == null) {
			this.history.recordIfChanged(envelope);
		}
		this.cached = envelope;
		return envelope;
	}

	private StatusSnapshot snapshot() {
		try {
			StatusSnapshot snapshot = this.snapshotTransaction.execute((status) -> {
				this.partFailures.check(PartFailures.Part.DATABASE_READ);
				this.jdbc.sql("SELECT 1").query(Integer.class).single();
				Part<List<IntegrationStatus.View>> views = part(this.integrations::all);
				Part<List<AccountService.Account>> accountList = part(this.accounts::all);
				Part<SchedulerStatus.Report> loops = part(this.scheduler::report);
				Part<FleetCounts.Counts> counts = part(this.fleet::read);
				Map<String, String> alertsFailing = new TreeMap<>();
				this.jdbc.sql("SELECT channel, coalesce(error, '') AS error FROM v_alert_channels_failing")
					.query((rs, i) -> alertsFailing.put(rs.getString("channel"), rs.getString("error")))
					.list();
				List<StatusSnapshot.FeedRoute> feeds = this.jdbc.sql("""
						SELECT bot_id, bot_name, route, active_provider, primary_provider, reason FROM v_bot_feeds
						WHERE route <> 'PRIMARY' ORDER BY bot_name LIMIT 500""")
					.query((rs, i) -> new StatusSnapshot.FeedRoute(rs.getObject("bot_id", java.util.UUID.class),
							rs.getString("bot_name"), rs.getString("route"), rs.getString("active_provider"),
							rs.getString("primary_provider"), rs.getString("reason")))
					.list();
				Map<String, Long> byTier = new TreeMap<>();
				List<StatusSnapshot.TierBlockers> tierBlockers = new ArrayList<>();
				this.jdbc.sql("SELECT tier, count(*) AS n FROM v_bot_autonomy GROUP BY tier")
					.query((rs) -> {
						byTier.put(rs.getString("tier"), rs.getLong("n"));
					});
				this.jdbc.sql("""
						SELECT bot_id, bot_name, tier, blockers::text AS blockers FROM v_bot_autonomy
						WHERE blockers <> '[]'::jsonb ORDER BY bot_name LIMIT 500""")
					.query((rs) -> {
						tierBlockers.add(new StatusSnapshot.TierBlockers(rs.getObject("bot_id", java.util.UUID.class),
								rs.getString("bot_name"), rs.getString("tier"),
								JSON.readValue(rs.getString("blockers"), Object.class)));
					});
				return new StatusSnapshot(null, views.value(), views.error(), missingVariables(views.value()),
						accountList.error(), loops.value(), loops.error(), counts.value(), counts.error(), alertsFailing,
						this.telemetry.health(), this.riskEngine.connection(), feeds, byTier, tierBlockers,
						this.authMethods.localMode(),
						this.database.embedded());
			});
			return java.util.Objects.requireNonNull(snapshot);
		}
		catch (DataAccessException | TransactionException ex) {
			// No connection for the snapshot's transaction is a lost database too, not an error of the verdict.
			return new StatusSnapshot(safe(ex), null, null, Map.of(), null, null, null, null, null, Map.of(),
					this.telemetry.health(), this.riskEngine.connection(), List.of(), Map.of(), List.of(),
					this.authMethods.localMode(),
					this.database.embedded());
		}
	}

	/** Per required integration that is not configured, the variables it lacks. */
	private Map<String, List<String>> missingVariables(@Nullable List<IntegrationStatus.View> views) {
		Map<String, List<String>> missing = new TreeMap<>();
		if (views == null) {
			return missing;
		}
		for (IntegrationStatus.View view : views) {
			if (view.required() && !view.configured() && !view.comingSoon()) {
				ProviderKey.parse(view.provider())
					.flatMap(IntegrationCatalog::find)
					.ifPresent((integration) -> missing.put(view.provider(),
							this.configuration.missingVariables(integration).stream().map(EnvVar::name).toList()));
			}
		}
		return missing;
	}

	private static <T> Part<T> part(Supplier<T> read) {
		try {
			return new Part<>(read.get(), null);
		}
		catch (RuntimeException ex) {
			return new Part<>(null, safe(ex));
		}
	}

	private static String safe(Exception ex) {
		return SecretMasker.describe(ex, 200);
	}

	private static Map<String, Object> integrationsSummary(StatusSnapshot s) {
		Map<String, Object> summary = new LinkedHashMap<>();
		List<IntegrationStatus.View> views = s.integrations();
		if (views == null) {
			summary.put("available", false);
			return summary;
		}
		summary.put("total", views.size());
		summary.put("configured", views.stream().filter(IntegrationStatus.View::configured).count());
		summary.put("connected", views.stream().filter(IntegrationStatus.View::connected).count());
		summary.put("degraded", views.stream().filter((v) -> v.configured() && v.degraded()).count());
		summary.put("required", views.stream().filter(IntegrationStatus.View::required).count());
		summary.put("required_missing", s.missingVariables().size());
		summary.put("used_24h", views.stream().filter((v) -> v.proofOfUseCount24h() > 0).count());
		return summary;
	}

	private static Map<String, Object> schedulerSummary(StatusSnapshot s, String traceId) {
		Map<String, Object> summary = new LinkedHashMap<>();
		SchedulerStatus.Report report = s.scheduler();
		summary.put("active", report != null && report.active());
		summary.put("supervisor_loop_active", report != null && report.supervisorLoopActive());
		summary.put("timeout_worker_active", report != null && report.timeoutWorkerActive());
		summary.put("circuit_breakers_open", (report != null) ? report.circuitBreakersOpen() : null);
		summary.put("last_tick_at", (report != null) ? report.lastTickAt() : null);
		summary.put("trace_id", traceId);
		return summary;
	}

	private static Map<String, Object> proofOfUse(StatusSnapshot s) {
		Map<String, Object> proof = new LinkedHashMap<>();
		List<IntegrationStatus.View> views = s.integrations();
		Map<String, Object> lastUsed = new TreeMap<>();
		if (views != null) {
			for (IntegrationStatus.View view : views) {
				if (view.lastUsedAt() != null) {
					Map<String, Object> entry = new LinkedHashMap<>();
					entry.put("last_used_at", view.lastUsedAt());
					entry.put("last_used_by_bot_id", view.lastUsedByBotId());
					entry.put("proof_of_use_count_24h", view.proofOfUseCount24h());
					lastUsed.put(view.provider(), entry);
				}
			}
		}
		proof.put("providers_used_24h", (views != null) ? views.stream().filter((v) -> v.proofOfUseCount24h() > 0).count() : null);
		proof.put("provider_last_used_map", lastUsed);
		return proof;
	}

	private static Map<String, Object> bots(StatusSnapshot s) {
		Map<String, Object> bots = new LinkedHashMap<>();
		FleetCounts.Counts counts = s.fleet();
		if (counts == null) {
			bots.put("available", false);
			return bots;
		}
		bots.put("total", counts.total());
		bots.put("by_state", counts.byState());
		bots.put("by_mode", counts.byMode());
		bots.put("by_tier", s.byTier());
		// BLOCKED bots, and bots whose last score named blockers, each with those blockers ("What's blocking autonomy?").
		Map<java.util.UUID, Map<String, Object>> blocked = new LinkedHashMap<>();
		for (FleetCounts.Bot bot : counts.unwell()) {
			if (bot.state().equals("BLOCKED")) {
				Map<String, Object> entry = new LinkedHashMap<>();
				entry.put("bot_id", bot.id());
				entry.put("name", bot.name());
				entry.put("mode", bot.mode());
				entry.put("blockers", List.of());
				blocked.put(bot.id(), entry);
			}
		}
		for (StatusSnapshot.TierBlockers scored : s.tierBlockers()) {
			Map<String, Object> entry = blocked.computeIfAbsent(scored.botId(), (id) -> {
				Map<String, Object> fresh = new LinkedHashMap<>();
				fresh.put("bot_id", id);
				fresh.put("name", scored.botName());
				return fresh;
			});
			entry.put("tier", scored.tier());
			entry.put("blockers", scored.blockers());
		}
		bots.put("blocked", List.copyOf(blocked.values()));
		return bots;
	}

	private record Part<T>(@Nullable T value, @Nullable String error) {
	}

	/**
	 * {@code GET /api/system/status}: the spec's canonical envelope.
	 *
	 * @param systemStatus OK, DEGRADED or BLOCKED
	 * @param autonomyAllowed true only when nothing blocks
	 * @param blockers what blocks, each CRITICAL
	 * @param degraded what degrades, each WARNING
	 * @param notices facts that are not faults (local mode, the embedded database)
	 * @param integrations summary counts
	 * @param scheduler the loops' summary
	 * @param proofOfUse providers used in 24 h and when each was last used, by which bot
	 * @param bots counts by state and mode, and the BLOCKED bots
	 * @param computedAt when
	 * @param traceId the trace of this computation
	 */
	public record Envelope(String systemStatus, boolean autonomyAllowed, List<Finding> blockers, List<Finding> degraded,
			List<Finding> notices, Map<String, Object> integrations, Map<String, Object> scheduler,
			Map<String, Object> proofOfUse, Map<String, Object> bots, Instant computedAt, String traceId) {

		public List<String> blockerCodes() {
			return this.blockers.stream().map(Finding::code).distinct().sorted().toList();
		}

		public List<String> degradedCodes() {
			return this.degraded.stream().map(Finding::code).distinct().sorted().toList();
		}

	}

}
