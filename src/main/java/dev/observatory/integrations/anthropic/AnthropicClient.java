package dev.observatory.integrations.anthropic;

import java.net.URI;
import java.util.List;
import java.util.Map;

import dev.observatory.common.secrets.EnvVar;
import dev.observatory.common.secrets.Secret;
import dev.observatory.integrations.Diagnostic;
import dev.observatory.integrations.DiagnosticCode;
import dev.observatory.integrations.IntegrationVerifier;
import dev.observatory.integrations.client.HttpReply;
import dev.observatory.integrations.client.ProviderCallException;
import dev.observatory.integrations.client.ProviderClients;
import dev.observatory.integrations.client.ProviderHttp;
import dev.observatory.integrations.client.TokenUsage;
import dev.observatory.telemetry.OutboundClients;
import dev.observatory.telemetry.ProviderKey;
import tools.jackson.databind.JsonNode;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;

/**
 * Anthropic (PROVIDERS.md §6): {@code x-api-key} and {@code anthropic-version}. Verify lists one
 * model, which is free. 429 and 5xx, including 529 {@code overloaded_error}, are transient; 400,
 * 401 and 403 are final.
 */
@Component
public class AnthropicClient implements IntegrationVerifier {

	static final String DEFAULT_BASE_URL = "https://api.anthropic.com";

	static final String API_VERSION = "2023-06-01";

	private static final String NAME = "Anthropic";

	private final ProviderClients clients;

	AnthropicClient(ProviderClients clients) {
		this.clients = clients;
	}

	@Override
	public ProviderKey provider() {
		return ProviderKey.ANTHROPIC;
	}

	@Override
	public List<Diagnostic> verify() {
		return ProviderClients.verdict(() -> {
			ProviderHttp http = http();
			Secret key = this.clients.secret(EnvVar.ANTHROPIC_API_KEY);
			this.clients.call(http, true, () -> {
				HttpReply reply = http.exchange("anthropic.verify",
						(rest) -> rest.get().uri("/v1/models?limit=1").headers((h) -> headers(h, key)));
				if (!success(http, reply).json().path("data").isArray()) {
					throw reply.malformed("a model list without data");
				}
				return reply;
			});
			return NAME + " at " + http.host() + " accepted the key";
		});
	}

	/** One Messages API answer: the joined text blocks and the token counts. */
	public Message message(String model, String system, String user, int maxTokens) {
		ProviderHttp http = http();
		Secret key = this.clients.secret(EnvVar.ANTHROPIC_API_KEY);
		Map<String, Object> body = Map.of("model", model, "max_tokens", maxTokens, "system", system, "messages",
				List.of(Map.of("role", "user", "content", user)));
		// Not retried: a request that timed out may still have been processed, and billed.
		return this.clients.call(http, false, () -> {
			Map<String, Object> metadata = new java.util.concurrent.ConcurrentHashMap<>(Map.of("model", model));
			HttpReply reply = http.exchange("anthropic.messages", (rest) -> rest.post()
				.uri("/v1/messages")
				.headers((h) -> headers(h, key))
				.contentType(MediaType.APPLICATION_JSON)
				.body(body)
				.attribute(OutboundClients.METADATA, metadata), (answer) -> TokenUsage.count(answer, metadata));
			JsonNode message = success(http, reply).json();
			StringBuilder text = new StringBuilder();
			for (JsonNode block : message.path("content")) {
				if ("text".equals(block.path("type").asString(""))) {
					text.append(block.path("text").asString(""));
				}
			}
			if (!message.path("usage").isObject()) {
				throw reply.malformed("a message without usage");
			}
			return new Message(text.toString(), message.path("stop_reason").asString(""),
					message.path("usage").path("input_tokens").asLong(), message.path("usage").path("output_tokens").asLong());
		});
	}

	private static HttpReply success(ProviderHttp http, HttpReply reply) {
		if (reply.isSuccess()) {
			return reply;
		}
		if (reply.status() == 529) {
			throw ProviderCallException.transientFailure(DiagnosticCode.PROVIDER_UNREACHABLE,
					NAME + " at " + http.host() + " is overloaded (HTTP 529 overloaded_error)", reply.retryAfter(http.clock()));
		}
		throw http.failure(reply);
	}

	private static void headers(HttpHeaders headers, Secret key) {
		headers.set("x-api-key", key.reveal());
		headers.set("anthropic-version", API_VERSION);
	}

	private ProviderHttp http() {
		URI base = this.clients.baseUrl(EnvVar.ANTHROPIC_BASE_URL, DEFAULT_BASE_URL);
		return this.clients.http(ProviderKey.ANTHROPIC, NAME, base);
	}

	/**
	 * @param text the joined text blocks
	 * @param stopReason why it stopped ({@code end_turn}, {@code max_tokens})
	 * @param inputTokens billed input tokens
	 * @param outputTokens billed output tokens
	 */
	public record Message(String text, String stopReason, long inputTokens, long outputTokens) {
	}

}
