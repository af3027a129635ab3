package dev.observatory.integrations.client;

import java.util.Map;

import dev.observatory.telemetry.UsageStatus;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * Token counts for the usage event of an AI call. OpenAI's Responses API and Anthropic's Messages
 * API both answer {@code usage: {input_tokens, output_tokens}}. Used as an exchange's judge: it runs
 * after the body is read and before the response closes, which is when the usage event is recorded,
 * so the counts travel with the call itself.
 */
public final class TokenUsage {

	private TokenUsage() {
	}

	/**
	 * Puts the billed counts into {@code metadata} (a mutable map given as the call's usage metadata)
	 * and leaves the outcome to the HTTP status (returns null).
	 */
	public static @Nullable UsageStatus count(HttpReply answer, Map<String, Object> metadata) {
		JsonNode usage = answer.jsonOrMissing().path("usage");
		if (answer.isSuccess() && usage.path("input_tokens").isNumber() && usage.path("output_tokens").isNumber()) {
			metadata.put("input_tokens", usage.path("input_tokens").asLong());
			metadata.put("output_tokens", usage.path("output_tokens").asLong());
		}
		return null;
	}

}
