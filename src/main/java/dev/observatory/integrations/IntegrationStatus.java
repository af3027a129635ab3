package dev.observatory.integrations;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.observatory.common.drills.PartFailures;
import dev.observatory.common.secrets.Env;
import dev.observatory.common.secrets.EnvVar;
import dev.observatory.integrations.client.ProviderResilience;
import dev.observatory.telemetry.ProviderKey;
import dev.observatory.telemetry.UsageQueries;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * Where every integration stands, computed on the server from rows and live state only: the
 * latest check (connected only if it passed and is younger than the TTL), the usage roll-ups
 * (proof of use, recent error rate) and the provider's breaker. Fails closed: never verified, a
 * failed or stale verify, an open breaker or a high error rate each make a configured provider
 * degraded, with the reason and the fix.
 */
@Service
public class IntegrationStatus {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final IntegrationConfiguration configuration;

	private final UsageQueries usage;

	private final ProviderResilience resilience;

	private final IntegrationProperties properties;

	private final JdbcClient jdbc;

	private final Env env;

	private final PartFailures partFailures;

	private final Clock clock;

	IntegrationStatus(IntegrationConfiguration configuration, UsageQueries usage, ProviderResilience resilience,
			IntegrationProperties properties, JdbcClient jdbc, Env env, PartFailures partFailures, Clock clock) {
		this.configuration = configuration;
		this.usage = usage;
		this.resilience = resilience;
		this.properties = properties;
		this.jdbc = jdbc;
		this.env = env;
		this.partFailures = partFailures;
		this.clock = clock;
	}

	public List<View> all() {
		this.partFailures.check(PartFailures.Part.INTEGRATIONS);
		Instant now = this.clock.instant();
		Map<String, LatestCheck> checks = latestChecks();
		UsageQueries.Use use = this.usage.use(now.minus(this.properties.errorRate().window()));
		Map<ProviderKey, UsageQueries.ProofOfUse> proofs = use.proofs();
		Map<ProviderKey, UsageQueries.CallCounts> recent = use.recent();
		Set<ProviderKey> required = required();
		List<View> views = new ArrayList<>();
		for (Integration integration : IntegrationCatalog.all()) {
			ProviderKey key = integration.key();
			boolean configured = !integration.comingSoon() && this.configuration.isConfigured(integration);
			LatestCheck check = checks.get(key.key());
			boolean fresh = check != null && check.checkedAt().isAfter(now.minus(this.properties.reverify().ttl()));
			boolean connected = configured && check != null && check.connected() && fresh;
			Problem problem = problem(integration, configured, check, fresh, recent.get(key));
			UsageQueries.ProofOfUse proof = proofs.get(key);
			views.add(new View(key.key(), integration.providerName(), integration.category().name(),
					names(integration.requiredEnvVars()), names(integration.optionalEnvVars()), integration.supportsVerify(),
					integration.supportsProofOfUse(), configured, connected, (check != null) ? check.checkedAt() : null,
					(proof != null) ? proof.lastUsedAt() : null, (proof != null) ? proof.lastUsedByBotId() : null,
					(proof != null) ? proof.calls24h() : 0, configured && problem != null,
					(problem != null) ? problem.code() : null, (problem != null) ? problem.message() : null,
					(problem != null) ? SuggestedFixes.forCode(problem.code(), integration) : null,
					(check != null) ? check.traceId() : null, required.contains(key), integration.comingSoon()));
		}
		return views;
	}

	/** The first reason, in order of what to fix first; null when there is nothing to report. */
	private @Nullable Problem problem(Integration integration, boolean configured, @Nullable LatestCheck check,
			boolean fresh, UsageQueries.@Nullable CallCounts recent) {
		if (integration.comingSoon()) {
			return new Problem("COMING_SOON", integration.providerName() + " is coming soon");
		}
		if (!configured) {
			return new Problem("INTEGRATION_KEY_MISSING", this.configuration.missingVariables(integration)
				.stream()
				.map((variable) -> variable.name() + " missing")
				.collect(Collectors.joining(", ")));
		}
		if (check == null) {
			return new Problem("NOT_VERIFIED", integration.providerName() + " has not been verified yet");
		}
		if (!check.connected()) {
			return new Problem(check.code(), check.message());
		}
		if (!fresh) {
			return new Problem("VERIFY_STALE", "The last passed verify (" + check.checkedAt() + ") is older than "
					+ this.properties.reverify().ttl().toMinutes() + " min");
		}
		if (this.resilience.isOpen(integration.key())) {
			return new Problem("CIRCUIT_OPEN",
					integration.providerName() + "'s circuit breaker is open: calls fail fast after repeated failures");
		}
		IntegrationProperties.ErrorRate limit = this.properties.errorRate();
		if (recent != null && recent.calls() >= limit.minimumCalls()
				&& recent.errors() > limit.threshold() * recent.calls()) {
			return new Problem("ERROR_RATE_HIGH", recent.errors() + " of " + recent.calls() + " calls failed in the last "
					+ limit.window().toMinutes() + " min (threshold " + Math.round(limit.threshold() * 100) + "%)");
		}
		return null;
	}

	/**
	 * PostgreSQL, OBSERVATORY_REQUIRED_INTEGRATIONS, and what enabled bots use (the bots module's
	 * {@code v_bot_required_integrations}: data provider of PAPER and LIVE bots, broker of LIVE bots,
	 * AI provider).
	 */
	/**
	 * The providers enabled bots need: one EXISTS per provider, each stopping at the first bot that needs
	 * it (the indexes of V24), whatever the fleet's size. The keys are the enum's own constants, written
	 * into the statement so that each probe is planned for its provider: with a parameter the planner
	 * cannot tell a provider no bot uses (an index probe) from one every bot uses (a scan that stops at once).
	 */
	private static final String REQUIRED_BY_BOTS = Arrays.stream(ProviderKey.values())
		.map(ProviderKey::key)
		.map((key) -> "SELECT '" + key + "' WHERE EXISTS (SELECT 1 FROM v_bot_required_integrations WHERE provider = '"
				+ key + "')")
		.collect(java.util.stream.Collectors.joining(" UNION ALL "));

	private Set<ProviderKey> required() {
		Set<ProviderKey> required = new java.util.HashSet<>(Set.of(ProviderKey.POSTGRES));
		this.env.plain(EnvVar.OBSERVATORY_REQUIRED_INTEGRATIONS)
			.ifPresent((list) -> Arrays.stream(list.split(","))
				.map((key) -> key.trim().toLowerCase(Locale.ROOT))
				.forEach((key) -> ProviderKey.parse(key).ifPresent(required::add)));
		this.jdbc.sql(REQUIRED_BY_BOTS)
			.query(String.class)
			.list()
			.forEach((key) -> ProviderKey.parse(key).ifPresent(required::add));
		return required;
	}

	private static final String[] PROVIDERS = Arrays.stream(ProviderKey.values()).map(ProviderKey::key).toArray(String[]::new);

	private Map<String, LatestCheck> latestChecks() {
		Map<String, LatestCheck> latest = new HashMap<>();
		// One index probe per provider that stops at its newest check: flat however many checks the
		// re-verify loop has written (a DISTINCT ON read them all).
		this.jdbc.sql("""
				SELECT c.provider, c.checked_at, c.connected, c.diagnostics::text AS diagnostics, c.trace_id
				FROM unnest(?::text[]) AS p(provider)
				JOIN LATERAL (SELECT * FROM integration_checks WHERE provider = p.provider AND configured
				              ORDER BY checked_at DESC LIMIT 1) c ON true""")
			.param(PROVIDERS)
			.query((rs, i) -> {
				JsonNode diagnostics = JSON.readTree(rs.getString("diagnostics"));
				JsonNode first = diagnostics.path(0);
				for (JsonNode diagnostic : diagnostics) {
					if (!"OK".equals(diagnostic.path("code").asString(""))) {
						first = diagnostic;
						break;
					}
				}
				Timestamp checkedAt = rs.getTimestamp("checked_at");
				return new LatestCheck(rs.getString("provider"), checkedAt.toInstant(), rs.getBoolean("connected"),
						first.path("code").asString("UNEXPECTED_RESPONSE"), first.path("message").asString(""),
						rs.getString("trace_id"));
			})
			.list()
			.forEach((check) -> latest.put(check.provider(), check));
		return latest;
	}

	private static List<String> names(List<EnvVar> variables) {
		return variables.stream().map(Enum::name).toList();
	}

	private record LatestCheck(String provider, Instant checkedAt, boolean connected, String code, String message,
			String traceId) {
	}

	private record Problem(String code, String message) {
	}

	/** One row of {@code GET /api/integrations/status}; env var names only, never values. */
	public record View(String provider, String providerName, String category, List<String> requiredEnvVars,
			List<String> optionalEnvVars, boolean supportsVerify, boolean supportsProofOfUse, boolean configured,
			boolean connected, @Nullable Instant lastVerifiedAt, @Nullable Instant lastUsedAt,
			java.util.@Nullable UUID lastUsedByBotId,
			@JsonProperty("proof_of_use_count_24h") long proofOfUseCount24h, boolean degraded,
			@Nullable String errorCode, @Nullable String message, @Nullable String suggestedFix, @Nullable String traceId,
			boolean required, boolean comingSoon) {
	}

}
