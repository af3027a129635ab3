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
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import tools.jackson.databind.util.RawValue;
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

	private final TransactionTemplate partTransaction;

	private final JdbcClient jdbc;

	private final Traces traces;

	private final MeterRegistry meters;

	private final Clock clock;

	private final Duration cacheTtl;

	private volatile @Nullable Cached cached;

	SystemStatus(IntegrationStatus integrations, IntegrationConfiguration configuration, AccountService accounts,
			SchedulerStatus scheduler, FleetCounts fleet, TelemetryMonitor telemetry, AuthMethods authMethods,
			DatabaseServer database, RiskEngine riskEngine, StatusHistory history, PartFailures partFailures, TransactionTemplate transactions,
			JdbcClient jdbc, Traces traces, MeterRegistry meters, Clock clock,
			@Value("${observatory.status.cache-ttl:2s}") Duration cacheTtl) {
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
		this.snapshotTransaction.setReadOnly(true);
		this.partTransaction = new TransactionTemplate(java.util.Objects.requireNonNull(transactions.getTransactionManager()));
		this.partTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_NESTED);
		this.jdbc = jdbc;
		this.traces = traces;
		this.meters = meters;
		this.clock = clock;
		this.cacheTtl = cacheTtl;
	}

	/**
	 * The verdict, at most the cache TTL old, and never older than the fleet's last change: any bot's
	 * state or mode, or any tier, moved since it was computed (on any replica) and it is computed again.
	 */
	public Envelope current() {
		Cached last = this.cached;
		// After a computation that could not read the marker (the database lost) the TTL alone decides: no
		// connection attempt on every read while the database is away.
		if (last != null && !last.envelope().computedAt().plus(this.cacheTtl).isBefore(this.clock.instant())
				&& (last.fleetChange() < 0 || last.fleetChange() == fleetChange())) {
			return last.envelope();
		}
		return compute();
	}

	/** The fleet's change marker, or -1 when it cannot be read. */
	private long fleetChange() {
		try {
			return this.fleet.changeMarker();
		}
		catch (DataAccessException ex) {
			return -1;
		}
	}

	/** The verdict computed now (the cache bypassed), and recorded if it changed. */
	public synchronized Envelope compute() {
		String traceId = this.traces.currentTraceId();
		// Read before the snapshot: a change made while computing makes the next read compute again.
		long fleetChange = fleetChange();
		StatusSnapshot snapshot = snapshot();
		List<Finding> blockers = StatusRules.blockers(snapshot, traceId);
		List<Finding> degraded = StatusRules.degraded(snapshot, traceId);
		String verdict = !blockers.isEmpty() ? "BLOCKED" : !degraded.isEmpty() ? "DEGRADED" : "OK";
		Envelope envelope = new Envelope(verdict, blockers.isEmpty(), blockers, degraded,
				StatusRules.notices(snapshot, traceId), integrationsSummary(snapshot), schedulerSummary(snapshot, traceId),
				proofOfUse(snapshot), bots(snapshot), this.clock.instant(), traceId);
		if (snapshot.databaseError() == null) {
			this.history.recordIfChanged(envelope, snapshot.latestChange());
		}
		this.cached = new Cached(envelope, fleetChange);
		return envelope;
	}

	private record Cached(Envelope envelope, long fleetChange) {
	}

	private StatusSnapshot snapshot() {
		try {
			return snapshot(false);
		}
		catch (PartFailed ex) {
			// A part failed, and PostgreSQL refuses every later statement of that transaction: read again,
			// each part under a savepoint of its own, so the others are read and the failing one is named.
			return snapshot(true);
		}
	}

	/**
	 * @param careful each part under a savepoint (a failing part is named, the others read); otherwise
	 * the first failing part ends the read with {@link PartFailed}, and no savepoint costs a round trip
	 */
	private StatusSnapshot snapshot(boolean careful) {
		try {
			StatusSnapshot snapshot = this.snapshotTransaction.execute((status) -> {
				// Set here, the transaction's first statement, rather than on the connection: that would cost a
				// second round trip to put the connection's level back. A verdict asked inside a caller's
				// transaction (a restart's safe-start gate) reads in that transaction, as it always did.
				if (status.isNewTransaction()) {
					this.jdbc.sql("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ").update();
					// Planned once per connection, not on every computation: PostgreSQL kept choosing custom plans
					// for these parameterized reads, and planning cost as much as executing (docs/performance.md).
					this.jdbc.sql("SET LOCAL plan_cache_mode = force_generic_plan").update();
				}
				this.partFailures.check(PartFailures.Part.DATABASE_READ);
				java.util.UUID latestChange = timed("database",
						() -> this.jdbc.sql(StatusHistory.LATEST_ID).query(java.util.UUID.class).optional().orElse(null));
				Part<List<IntegrationStatus.View>> views = part("integrations", this.integrations::all, careful);
				Part<List<AccountService.Account>> accountList = part("accounts", this.accounts::all, careful);
				Part<SchedulerStatus.Report> loops = part("scheduler", this.scheduler::report, careful);
				Part<FleetCounts.Counts> counts = part("fleet", this.fleet::read, careful);
				Map<String, String> alertsFailing = new TreeMap<>();
				timed("alerts", () -> this.jdbc.sql("SELECT channel, coalesce(error, '') AS error FROM v_alert_channels_failing")
					.query((rs, i) -> alertsFailing.put(rs.getString("channel"), rs.getString("error")))
					.list());
				List<StatusSnapshot.FeedRoute> feeds = timed("feeds", () -> this.jdbc.sql("""
						SELECT bot_id, bot_name, route, active_provider, primary_provider, reason FROM v_bot_feeds
						WHERE route <> 'PRIMARY' ORDER BY bot_name LIMIT 500""")
					.query((rs, i) -> new StatusSnapshot.FeedRoute(rs.getObject("bot_id", java.util.UUID.class),
							rs.getString("bot_name"), rs.getString("route"), rs.getString("active_provider"),
							rs.getString("primary_provider"), rs.getString("reason")))
					.list());
				// Tier counts and the scored bots naming blockers are the fleet's too: either failing fails the fleet part.
				Part<Tiers> tiers = part("tiers", () -> tiers(counts.value()), careful);
				String fleetError = (counts.error() != null) ? counts.error() : tiers.error();
				Map<String, Long> byTier = (tiers.value() != null) ? tiers.value().byTier() : Map.of();
				List<StatusSnapshot.TierBlockers> tierBlockers = (tiers.value() != null) ? tiers.value().blockers() : List.of();
				return new StatusSnapshot(null, views.value(), views.error(), missingVariables(views.value()),
						accountList.error(), loops.value(), loops.error(), (fleetError == null) ? counts.value() : null,
						fleetError, alertsFailing,
						this.telemetry.health(), this.riskEngine.connection(), feeds, byTier, tierBlockers,
						this.authMethods.localMode(),
						this.database.embedded(), latestChange);
			});
			return java.util.Objects.requireNonNull(snapshot);
		}
		catch (DataAccessException | TransactionException ex) {
			// No connection for the snapshot's transaction is a lost database too, not an error of the verdict.
			return new StatusSnapshot(safe(ex), null, null, Map.of(), null, null, null, null, null, Map.of(),
					this.telemetry.health(), this.riskEngine.connection(), List.of(), Map.of(), List.of(),
					this.authMethods.localMode(),
					this.database.embedded(), null);
		}
	}

	/** The bots per tier and the scored bots naming blockers, newest first. */
	private Tiers tiers(FleetCounts.@Nullable Counts counts) {
		// Read with the fleet's counts, in the same statement; without them, on their own.
		Map<String, Long> byTier = (counts != null) ? counts.byTier() : this.fleet.byTier();
		List<StatusSnapshot.TierBlockers> blockers = new ArrayList<>();
		this.jdbc.sql("""
				SELECT bot_id, bot_name, tier, blockers::text AS blockers FROM v_bot_autonomy
				WHERE blockers <> '[]'::jsonb ORDER BY bot_id DESC LIMIT ?""")
			.param(FleetCounts.UNWELL_LISTED)
			.query((rs) -> {
				blockers.add(new StatusSnapshot.TierBlockers(rs.getObject("bot_id", java.util.UUID.class),
						rs.getString("bot_name"), rs.getString("tier"), new RawValue(rs.getString("blockers"))));
			});
		// Walked newest bot first (ids are time-ordered; an index stops the walk at the limit), shown by name.
		blockers.sort(java.util.Comparator.comparing(StatusSnapshot.TierBlockers::botName));
		return new Tiers(byTier, blockers);
	}

	private record Tiers(Map<String, Long> byTier, List<StatusSnapshot.TierBlockers> blockers) {
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

	/** Times one part of the snapshot ({@code observatory.status.part}), so that a slow verdict says which part. */
	private <T> T timed(String part, Supplier<T> read) {
		Timer.Sample sample = Timer.start(this.meters);
		try {
			return read.get();
		}
		finally {
			sample.stop(Timer.builder("observatory.status.part").tag("part", part).register(this.meters));
		}
	}

	private <T> Part<T> part(String name, Supplier<T> read, boolean careful) {
		if (!careful) {
			try {
				return new Part<>(timed(name, read), null);
			}
			catch (RuntimeException ex) {
				throw new PartFailed(ex);
			}
		}
		try {
			return new Part<>(timed(name, () -> java.util.Objects.requireNonNull(
					this.partTransaction.execute((status) -> read.get()))), null);
		}
		catch (RuntimeException ex) {
			return new Part<>(null, safe(ex));
		}
	}

	/** A part's read failed in a snapshot read without savepoints: the snapshot is read again, carefully. */
	private static final class PartFailed extends RuntimeException {

		PartFailed(RuntimeException cause) {
			super(cause.getMessage(), cause, false, false);
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
		// Each source lists at most FleetCounts.UNWELL_LISTED bots; the counts above cover every bot.
		bots.put("blocked_truncated", counts.unwell().size() >= FleetCounts.UNWELL_LISTED
				|| s.tierBlockers().size() >= FleetCounts.UNWELL_LISTED);
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
