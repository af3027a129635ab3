package dev.observatory.integrations;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;

import dev.observatory.audit.AuditLog;
import dev.observatory.common.error.ApiException;
import dev.observatory.common.error.CommonErrorCode;
import dev.observatory.common.time.Ids;
import dev.observatory.common.trace.Traces;
import dev.observatory.telemetry.ProviderKey;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Verify: whether an integration is configured and, if it is, whether its cheapest real call
 * succeeds. Not configured means one diagnostic per missing variable and no network call. A
 * provider whose client is not built yet answers a structured 501, never a made-up result. Every
 * verify that reaches a verdict is written to {@code integration_checks} and audited, both in one
 * short transaction after the check: no connection is held across a provider's network call.
 */
@Service
public class IntegrationVerification {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final IntegrationConfiguration configuration;

	private final Map<ProviderKey, IntegrationVerifier> verifiers;

	private final JdbcClient jdbc;

	private final Clock clock;

	private final Traces traces;

	private final AuditLog auditLog;

	private final TransactionTemplate transactions;

	IntegrationVerification(IntegrationConfiguration configuration, List<IntegrationVerifier> verifiers, JdbcClient jdbc,
			Clock clock, Traces traces, AuditLog auditLog, TransactionTemplate transactions) {
		this.configuration = configuration;
		this.verifiers = verifiers.stream().collect(Collectors.toMap(IntegrationVerifier::provider, Function.identity()));
		this.jdbc = jdbc;
		this.clock = clock;
		this.traces = traces;
		this.auditLog = auditLog;
		this.transactions = transactions;
	}

	/**
	 * Deletes the verifies older than {@code retention}, one provider at a time (a range of the
	 * {@code (provider, checked_at)} index each); a provider's newest verify is kept however old.
	 *
	 * @return how many were deleted
	 */
	int prune(java.time.Duration retention) {
		java.sql.Timestamp cutoff = java.sql.Timestamp.from(this.clock.instant().minus(retention));
		int deleted = 0;
		for (ProviderKey provider : ProviderKey.values()) {
			deleted += this.jdbc.sql("""
					DELETE FROM integration_checks WHERE provider = ? AND checked_at < ?
					    AND id <> (SELECT id FROM integration_checks WHERE provider = ? ORDER BY checked_at DESC LIMIT 1)""")
				.params(provider.key(), cutoff, provider.key())
				.update();
		}
		return deleted;
	}

	public VerifyResult verify(String providerKey) {
		Integration integration = ProviderKey.parse(providerKey)
			.flatMap(IntegrationCatalog::find)
			.orElseThrow(() -> new ApiException(IntegrationErrorCode.UNKNOWN_PROVIDER, "Unknown provider '"
					+ providerKey.replaceAll("[^A-Za-z0-9_-]", "?") + "'; GET /api/integrations/catalog lists them"));
		if (integration.comingSoon()) {
			throw new ApiException(IntegrationErrorCode.COMING_SOON,
					integration.providerName() + " is coming soon: it cannot be verified or used yet");
		}
		List<Diagnostic> missing = this.configuration.missingVariables(integration)
			.stream()
			.map((variable) -> new Diagnostic(DiagnosticCode.INTEGRATION_KEY_MISSING, variable.name() + " missing"))
			.toList();
		if (!missing.isEmpty()) {
			return record(integration, false, false, missing, null);
		}
		IntegrationVerifier verifier = this.verifiers.get(integration.key());
		if (verifier == null) {
			throw new ApiException(CommonErrorCode.NOT_IMPLEMENTED,
					"Verify for " + integration.providerName() + " is not built yet: its client lands with the connections work");
		}
		long started = System.nanoTime();
		List<Diagnostic> diagnostics = verifier.verify();
		int latencyMs = (int) TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
		boolean connected = diagnostics.stream().allMatch((diagnostic) -> diagnostic.code() == DiagnosticCode.OK);
		return record(integration, true, connected, diagnostics, latencyMs);
	}

	private VerifyResult record(Integration integration, boolean configured, boolean connected,
			List<Diagnostic> diagnostics, @Nullable Integer latencyMs) {
		Instant checkedAt = this.clock.instant().truncatedTo(ChronoUnit.MICROS);
		String traceId = this.traces.currentTraceId();
		this.transactions.executeWithoutResult((status) -> {
			insertCheck(integration, configured, connected, diagnostics, latencyMs, checkedAt, traceId);
			this.auditLog.record("VERIFY_INTEGRATION", integration.key().key(),
					connected ? AuditLog.Outcome.SUCCESS : AuditLog.Outcome.FAILURE);
		});
		return new VerifyResult(integration.key().key(), configured, connected, diagnostics, latencyMs, checkedAt, traceId);
	}

	private void insertCheck(Integration integration, boolean configured, boolean connected, List<Diagnostic> diagnostics,
			@Nullable Integer latencyMs, Instant checkedAt, String traceId) {
		this.jdbc.sql("""
				INSERT INTO integration_checks (id, provider, checked_at, configured, connected, diagnostics, latency_ms, trace_id)
				VALUES (:id, :provider, :checkedAt, :configured, :connected, CAST(:diagnostics AS jsonb), :latencyMs, :traceId)
				""")
			.param("id", Ids.newId())
			.param("provider", integration.key().key())
			.param("checkedAt", java.sql.Timestamp.from(checkedAt))
			.param("configured", configured)
			.param("connected", connected)
			.param("diagnostics", JSON.writeValueAsString(diagnostics))
			.param("latencyMs", latencyMs)
			.param("traceId", traceId)
			.update();
	}

	/**
	 * @param provider the catalog key
	 * @param configured every required variable set
	 * @param connected the check passed (never true without a real check)
	 * @param diagnostics codes and safe messages
	 * @param latencyMs how long the check took, or null when none was made
	 * @param checkedAt when
	 * @param traceId the trace of the verify (and of its usage event)
	 */
	public record VerifyResult(String provider, boolean configured, boolean connected, List<Diagnostic> diagnostics,
			@Nullable Integer latencyMs, Instant checkedAt, String traceId) {
	}

}

