package dev.observatory.telemetry;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import dev.observatory.common.secrets.SecretMasker;

/**
 * The allow-list of what a usage event's metadata may hold: named, non-secret facts (dataset,
 * counts, model name, token counts, HTTP status). Anything else is dropped, silently for the
 * event but counted in {@code metadata_rejected}, so a client that tries to record a header, a body
 * or a URL learns it from the events themselves. Strings must be short identifiers and must not
 * contain any known secret.
 */
public final class SafeMetadata {

	/** Keys a client may record. Extend this with the client that needs a new one, and test it. */
	public static final Set<String> ALLOWED_KEYS = Set.of("dataset", "schema", "symbol_count", "record_count",
			"message_count", "batch_size", "model", "input_tokens", "output_tokens", "http_status", "environment",
			"connections_acquired", "acquire_wait_ms", "connection_timeouts", "active_connections", "pool_size",
			"window_seconds");

	private static final Pattern SAFE_STRING = Pattern.compile("[A-Za-z0-9._:/-]{1,64}");

	private SafeMetadata() {
	}

	public static Map<String, Object> filter(Map<String, ?> candidate) {
		if (candidate.isEmpty()) {
			return Map.of();
		}
		Map<String, Object> safe = new LinkedHashMap<>();
		int rejected = 0;
		for (Map.Entry<String, ?> entry : candidate.entrySet()) {
			Object value = entry.getValue();
			if (ALLOWED_KEYS.contains(entry.getKey()) && isSafeValue(value)) {
				safe.put(entry.getKey(), value);
			}
			else {
				rejected++;
			}
		}
		if (rejected > 0) {
			safe.put("metadata_rejected", rejected);
		}
		// Immutable already, so the event's own defensive copy costs nothing.
		return Map.copyOf(safe);
	}

	private static boolean isSafeValue(Object value) {
		if (value instanceof Number || value instanceof Boolean) {
			return true;
		}
		return value instanceof String text && SAFE_STRING.matcher(text).matches()
				&& SecretMasker.mask(text).equals(text);
	}

}
