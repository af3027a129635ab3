package dev.observatory.telemetry;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * One provider call (or one stream batch), as proof of use.
 *
 * @param id UUIDv7, assigned when the call is recorded; it makes writes idempotent
 * @param provider the provider called
 * @param endpointName a stable name such as {@code polygon.last_trade}, never a URL
 * @param botId the calling bot, or {@code null} outside any bot context (never guessed)
 * @param accountId the broker account, or {@code null}
 * @param status how the call ended
 * @param httpStatus the HTTP status, for HTTP calls that got a response
 * @param latencyMs wall time of the call
 * @param createdAt when the call was made
 * @param traceId the trace the call belongs to
 * @param metadata allow-listed, non-secret facts ({@link SafeMetadata})
 */
public record UsageEvent(UUID id, ProviderKey provider, String endpointName, @Nullable UUID botId,
		@Nullable UUID accountId, UsageStatus status, @Nullable Integer httpStatus, int latencyMs, Instant createdAt,
		String traceId, Map<String, Object> metadata) {

	public UsageEvent {
		metadata = Map.copyOf(metadata);
	}

	/**
	 * Whether a call was a connection check ({@code <provider>.verify}) rather than use: it is an
	 * event like any other, but it proves a key works, not that anything uses the provider, so the
	 * proof-of-use figures leave it out.
	 */
	public static boolean isCheck(String endpointName) {
		return endpointName.endsWith(".verify");
	}

}
