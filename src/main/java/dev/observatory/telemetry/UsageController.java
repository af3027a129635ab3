package dev.observatory.telemetry;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import dev.observatory.audit.AuditLog;
import dev.observatory.common.error.ApiException;
import dev.observatory.common.time.Windows;
import dev.observatory.common.error.CommonErrorCode;
import dev.observatory.common.trace.Traces;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.jspecify.annotations.Nullable;

import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The proof-of-use API: raw usage events, per-provider summaries, and acknowledging a telemetry loss. */
@RestController
class UsageController {

	private final UsageQueries queries;

	private final TelemetryMonitor monitor;

	private final TelemetryProperties properties;

	private final AuditLog auditLog;

	private final Traces traces;

	private final Clock clock;

	UsageController(UsageQueries queries, TelemetryMonitor monitor, TelemetryProperties properties, AuditLog auditLog,
			Traces traces, Clock clock) {
		this.queries = queries;
		this.monitor = monitor;
		this.properties = properties;
		this.auditLog = auditLog;
		this.traces = traces;
		this.clock = clock;
	}

	@GetMapping("/api/integrations/usage")
	EventsResponse events(@RequestParam(required = false) @Nullable String provider,
			@RequestParam(name = "bot_id", required = false) @Nullable UUID botId,
			@RequestParam(required = false) @Nullable UsageStatus status,
			@RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) @Nullable Instant since,
			@RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) @Nullable Instant until,
			@RequestParam(defaultValue = "100") @Min(1) @Max(1000) int limit,
			@RequestParam(required = false) @Nullable String cursor) {
		UsageQueries.EventFilter filter = new UsageQueries.EventFilter((provider != null) ? providerOf(provider) : null,
				botId, status, since, until);
		UsageQueries.EventPage page = this.queries.events(filter, limit, cursor);
		return new EventsResponse(page.events(), page.nextCursor(), this.traces.currentTraceId());
	}

	@GetMapping("/api/integrations/{provider}/usage/summary")
	SummaryResponse summary(@PathVariable String provider, @RequestParam(defaultValue = "24h") String window) {
		Duration duration = windowOf(window);
		return new SummaryResponse(this.queries.summary(providerOf(provider), duration, this.clock.instant()), window,
				"bucket_upper_bound", this.traces.currentTraceId());
	}

	/** The audit row commits first; the loss is cleared only then, so no acknowledgement goes unrecorded. */
	@PostMapping("/api/integrations/usage/acknowledge-loss")
	AcknowledgementResponse acknowledgeLoss(@Valid @RequestBody AcknowledgementRequest request) {
		TelemetryHealth health = this.monitor.health();
		if (!health.hasUnacknowledgedLoss()) {
			throw new ApiException(CommonErrorCode.CONFLICT, "There is no unacknowledged telemetry loss");
		}
		this.auditLog.record("ACKNOWLEDGE_TELEMETRY_LOSS", "telemetry", AuditLog.Outcome.SUCCESS,
				Map.of("reason", request.reason(), "dropped_events", health.droppedEvents()));
		long acknowledged = this.monitor.acknowledgeLoss();
		return new AcknowledgementResponse(acknowledged, health.droppedSince(), this.traces.currentTraceId());
	}

	private Duration windowOf(String window) {
		return Windows.parse(window, this.properties.retention());
	}

	private static ProviderKey providerOf(String key) {
		return ProviderKey.parse(key)
			.orElseThrow(() -> new ApiException(CommonErrorCode.INVALID_PARAMETER,
					"Unknown provider '" + key.replaceAll("[^A-Za-z0-9_-]", "?") + "'; known: "
							+ java.util.Arrays.stream(ProviderKey.values()).map(ProviderKey::key).toList()));
	}

	record EventsResponse(java.util.List<UsageQueries.UsageEventView> events, @Nullable String nextCursor,
			String traceId) {
	}

	record SummaryResponse(UsageQueries.UsageSummary summary, String window, String latencyPercentileMethod,
			String traceId) {
	}

	record AcknowledgementRequest(@NotBlank @Size(max = 500) String reason) {
	}

	record AcknowledgementResponse(long acknowledgedEvents, @Nullable Instant droppedSince, String traceId) {
	}

}
