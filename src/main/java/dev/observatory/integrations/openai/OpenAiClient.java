package dev.observatory.integrations.openai;

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
 * OpenAI (PROVIDERS.md §5). Verify lists the models, which uses no tokens. A 429 is one of two
 * things: a rate limit (transient, retried after its {@code retry-after}) or
 * {@code insufficient_quota}, the account being out of credits, which no retry fixes. The SDK's
 * {@code x-should-retry: false} is honoured.
 */
@Component
public class OpenAiClient implements IntegrationVerifier {

	static final String DEFAULT_BASE_URL = "https://api.openai.com/v1";

	private static final String NAME = "OpenAI";

	private final ProviderClients clients;

	OpenAiClient(ProviderClients clients) {
		this.clients = clients;
	}

	@Override
	public ProviderKey provider() {
		return ProviderKey.OPENAI;
	}

	@Override
	public List<Diagnostic> verify() {
		return ProviderClients.verdict(() -> {
			ProviderHttp http = http();
			Secret key = this.clients.secret(EnvVar.OPENAI_API_KEY);
			int models = this.clients.call(http, true, () -> {
				HttpReply reply = http.exchange("openai.verify",
						(rest) -> rest.get().uri("models").headers((h) -> headers(h, key)));
				JsonNode data = success(http, reply).json().path("data");
				if (!data.isArray()) {
					throw reply.malformed("a model list without data");
				}
				return data.size();
			});
			return NAME + " at " + http.host() + " accepted the key and lists " + models + " models for it";
		});
	}

	/** One answer from the Responses API: the joined {@code output_text} items and the token counts. */
	public Completion respond(String model, String instructions, String input, int maxOutputTokens) {
		ProviderHttp http = http();
		Secret key = this.clients.secret(EnvVar.OPENAI_API_KEY);
		Map<String, Object> body = Map.of("model", model, "instructions", instructions, "input", input,
				"max_output_tokens", maxOutputTokens);
		// Not retried: a request that timed out may still have been processed, and billed.
		return this.clients.call(http, false, () -> {
			Map<String, Object> metadata = new java.util.concurrent.ConcurrentHashMap<>(Map.of("model", model));
			HttpReply reply = http.exchange("openai.responses", (rest) -> rest.post()
				.uri("responses")
				.headers((h) -> headers(h, key))
				.contentType(MediaType.APPLICATION_JSON)
				.body(body)
				.attribute(OutboundClients.METADATA, metadata), (answer) -> TokenUsage.count(answer, metadata));
			JsonNode response = success(http, reply).json();
			StringBuilder text = new StringBuilder();
			for (JsonNode item : response.path("output")) {
				for (JsonNode content : item.path("content")) {
					if ("output_text".equals(content.path("type").asString(""))) {
						text.append(content.path("text").asString(""));
					}
				}
			}
			if (!response.path("usage").isObject()) {
				throw reply.malformed("a response without usage");
			}
			return new Completion(text.toString(), response.path("status").asString(""),
					response.path("usage").path("input_tokens").asLong(),
					response.path("usage").path("output_tokens").asLong());
		});
	}

	private HttpReply success(ProviderHttp http, HttpReply reply) {
		if (reply.isSuccess()) {
			return reply;
		}
		String at = NAME + " at " + http.host();
		JsonNode error = reply.jsonOrMissing().path("error");
		String code = error.path("code").asString(error.path("type").asString(""));
		if (reply.status() == 429 && "insufficient_quota".equals(code)) {
			throw ProviderCallException.finalFailure(DiagnosticCode.ENTITLEMENT_MISSING,
					at + " says the account is out of credits (HTTP 429 insufficient_quota): add credits or raise the"
							+ " usage limit");
		}
		if (reply.status() == 403) {
			throw ProviderCallException.finalFailure(DiagnosticCode.ENTITLEMENT_MISSING,
					at + " refused the request (HTTP 403): the region or the project does not allow it");
		}
		ProviderCallException failure = http.failure(reply);
		if (failure.isTransient() && "false".equalsIgnoreCase(reply.header("x-should-retry"))) {
			throw ProviderCallException.finalFailure(failure.code(), failure.getMessage());
		}
		throw failure;
	}

	private void headers(HttpHeaders headers, Secret key) {
		headers.setBearerAuth(key.reveal());
		this.clients.env().plain(EnvVar.OPENAI_ORG_ID).ifPresent((org) -> headers.set("OpenAI-Organization", org));
		this.clients.env().plain(EnvVar.OPENAI_PROJECT_ID).ifPresent((project) -> headers.set("OpenAI-Project", project));
	}

	private ProviderHttp http() {
		URI base = this.clients.baseUrl(EnvVar.OPENAI_BASE_URL, DEFAULT_BASE_URL);
		return this.clients.http(ProviderKey.OPENAI, NAME, withTrailingSlash(base));
	}

	/** Relative paths ({@code models}) then resolve under the base's own path ({@code /v1/}). */
	static URI withTrailingSlash(URI uri) {
		String text = uri.toString();
		return text.endsWith("/") ? uri : URI.create(text + "/");
	}

	/**
	 * @param text the joined output text
	 * @param status the response's status ({@code completed}, {@code incomplete})
	 * @param inputTokens billed input tokens
	 * @param outputTokens billed output tokens
	 */
	public record Completion(String text, String status, long inputTokens, long outputTokens) {
	}

}
