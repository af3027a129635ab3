package dev.observatory.integrations.discord;

import java.net.URI;
import java.util.List;
import java.util.Map;

import dev.observatory.common.secrets.EnvVar;
import dev.observatory.integrations.Diagnostic;
import dev.observatory.integrations.DiagnosticCode;
import dev.observatory.integrations.IntegrationVerifier;
import dev.observatory.integrations.client.HttpReply;
import dev.observatory.integrations.client.ProviderCallException;
import dev.observatory.integrations.client.ProviderClients;
import dev.observatory.integrations.client.ProviderHttp;
import dev.observatory.telemetry.ProviderKey;
import tools.jackson.databind.JsonNode;

import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;

/**
 * A Discord webhook (PROVIDERS.md §7). The token sits in the URL's path, so the whole URL is the
 * secret: only its host is ever named. Verify is "Get Webhook with Token", which posts nothing.
 * 401 (code 50027) and 404 (code 10015) are final: Discord bans IPs that keep sending invalid
 * requests. A post is never retried, so an alert cannot be sent twice.
 */
@Component
public class DiscordWebhookClient implements IntegrationVerifier {

	private static final String NAME = "Discord";

	/** Discord caps a message's content at 2,000 characters. */
	static final int MAX_CONTENT = 2000;

	private final ProviderClients clients;

	DiscordWebhookClient(ProviderClients clients) {
		this.clients = clients;
	}

	@Override
	public ProviderKey provider() {
		return ProviderKey.DISCORD;
	}

	@Override
	public List<Diagnostic> verify() {
		return ProviderClients.verdict(() -> {
			ProviderHttp http = http();
			this.clients.call(http, true, () -> {
				HttpReply reply = http.exchange("discord.verify", (rest) -> rest.get().uri((uri) -> uri.build()));
				JsonNode webhook = success(http, reply).json();
				if (!webhook.path("id").isString() || !webhook.has("type")) {
					throw reply.malformed("a webhook without id and type");
				}
				return webhook;
			});
			return NAME + " at " + http.host() + " knows the webhook; nothing was posted";
		});
	}

	/**
	 * Posts one message ({@code ?wait=true}, so Discord answers with the created message) with
	 * mentions disabled, so alert text can never ping {@code @everyone}.
	 *
	 * @return the created message's id
	 */
	public String post(String content) {
		return send(Map.of("content", truncate(content, MAX_CONTENT), "allowed_mentions", Map.of("parse", List.of())));
	}

	/**
	 * Posts one embed (title, description, a colour bar and a footer), mentions disabled.
	 *
	 * @return the created message's id
	 */
	public String postEmbed(String title, String description, int color, String footer) {
		Map<String, Object> embed = Map.of("title", truncate(title, 256), "description", truncate(description, 4096),
				"color", color, "footer", Map.of("text", truncate(footer, 2048)));
		return send(Map.of("embeds", List.of(embed), "allowed_mentions", Map.of("parse", List.of())));
	}

	private String send(Map<String, Object> body) {
		ProviderHttp http = http();
		return this.clients.call(http, false, () -> {
			HttpReply reply = http.exchange("discord.execute_webhook", (rest) -> rest.post()
				.uri((uri) -> uri.queryParam("wait", true).build())
				.contentType(MediaType.APPLICATION_JSON)
				.body(body));
			JsonNode message = success(http, reply).json();
			if (!message.path("id").isString()) {
				throw reply.malformed("a message without id");
			}
			return message.path("id").asString();
		});
	}

	private static String truncate(String text, int max) {
		return (text.length() > max) ? text.substring(0, max - 1) + "…" : text;
	}

	private static HttpReply success(ProviderHttp http, HttpReply reply) {
		if (reply.isSuccess()) {
			return reply;
		}
		String at = NAME + " at " + http.host();
		long code = reply.jsonOrMissing().path("code").asLong(0);
		if (reply.status() == 401) {
			throw ProviderCallException.finalFailure(DiagnosticCode.AUTH_FAILED,
					at + " rejected the webhook token (HTTP 401" + ((code == 50027) ? ", code 50027" : "") + ")");
		}
		if (reply.status() == 404) {
			throw ProviderCallException.finalFailure(DiagnosticCode.AUTH_FAILED,
					at + " does not know this webhook (HTTP 404" + ((code == 10015) ? ", code 10015" : "")
							+ "): it was deleted or the URL is wrong");
		}
		if (reply.status() == 429) {
			// Trust the headers: an unversioned URL's body gives retry_after in milliseconds.
			java.time.Duration wait = reply.retryAfter(http.clock());
			if (wait == null && reply.header("X-RateLimit-Reset-After") != null) {
				wait = parseSeconds(reply.header("X-RateLimit-Reset-After"));
			}
			throw ProviderCallException.transientFailure(DiagnosticCode.RATE_LIMITED,
					at + " is rate limiting this webhook (HTTP 429)", wait);
		}
		throw http.failure(reply);
	}

	private static java.time.@org.jspecify.annotations.Nullable Duration parseSeconds(String value) {
		try {
			return java.time.Duration.ofMillis((long) (Double.parseDouble(value.trim()) * 1000));
		}
		catch (NumberFormatException ex) {
			return null;
		}
	}

	private ProviderHttp http() {
		URI webhook = ProviderClients.parseHttpUrl(this.clients.secret(EnvVar.DISCORD_WEBHOOK_URL).reveal(),
				EnvVar.DISCORD_WEBHOOK_URL.name());
		return this.clients.http(ProviderKey.DISCORD, NAME, webhook);
	}

}
