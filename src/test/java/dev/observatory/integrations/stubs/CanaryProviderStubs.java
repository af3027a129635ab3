package dev.observatory.integrations.stubs;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;

import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import dev.observatory.telemetry.ProviderKey;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static dev.observatory.integrations.stubs.ProviderStubs.WIREMOCK;

/**
 * The provider stubs for the secret canary: they accept whatever key they are sent (the keys are
 * canary markers), hand out tokens that are markers too, and their error bodies echo the marker
 * back, as careless providers do, so the canary proves none of it leaks.
 */
public final class CanaryProviderStubs {

	/** Secrets the stubs issue (tokens, the webhook token): add them to the canary's markers. */
	public final Map<String, String> issued = new LinkedHashMap<>();

	private final String echo;

	public CanaryProviderStubs(String echoedMarker) {
		this.echo = echoedMarker;
		this.issued.put("tradovate access token", "cnry-tradovate-access-" + UUID.randomUUID());
		this.issued.put("tradovate md token", "cnry-tradovate-md-" + UUID.randomUUID());
		this.issued.put("tradovate p-ticket", "cnry-tradovate-ticket-" + UUID.randomUUID());
		this.issued.put("ironbeam token", "cnry-ironbeam-token-" + UUID.randomUUID());
		this.issued.put("discord webhook token", "cnry-discord-token-" + UUID.randomUUID());
	}

	/** The provider variables of the canary's environment (secrets among them are set by the canary). */
	public Map<String, String> env() {
		String base = "http://127.0.0.1:" + ProviderStubs.PROXY.port();
		Map<String, String> env = new LinkedHashMap<>();
		env.put("DATABENTO_BASE_URL", base + "/databento");
		env.put("POLYGON_BASE_URL", base + "/polygon");
		env.put("TRADOVATE_BASE_URL", base + "/tradovate/v1");
		env.put("TRADOVATE_USERNAME", "desk-user");
		env.put("TRADOVATE_APP_ID", "Observatory");
		env.put("TRADOVATE_APP_VERSION", "1.0");
		env.put("TRADOVATE_CID", "4242");
		env.put("IRONBEAM_BASE_URL", base + "/ironbeam/v2");
		env.put("IRONBEAM_USERNAME", "IB-TRADER-1");
		env.put("OPENAI_BASE_URL", base + "/openai/v1");
		env.put("ANTHROPIC_BASE_URL", base + "/anthropic");
		env.put("SUPABASE_URL", base + "/supabase");
		env.put("DISCORD_WEBHOOK_URL", base + "/discord/api/webhooks/99/" + this.issued.get("discord webhook token"));
		// GreenMail's certificate is self-signed and names no host: the real TLS check refuses it,
		// so the canary runs SMTP's TLS failure path (the login paths run in SmtpVerifyTest).
		env.put("SMTP_HOST", "127.0.0.1");
		env.put("SMTP_PORT", String.valueOf(ProviderStubs.SMTP.port()));
		env.put("SMTP_SECURITY", "ssl");
		env.put("SMTP_USERNAME", ProviderStubs.SMTP_USER);
		env.put("ALERT_EMAIL_TO", "oncall@desk.test");
		return env;
	}

	/** Every provider's happy path, answering any key. */
	public void success() {
		WIREMOCK.resetAll();
		WIREMOCK.stubFor(get(urlPathEqualTo("/databento/v0/metadata.list_datasets")).willReturn(okJson("[\"GLBX.MDP3\"]")));
		WIREMOCK.stubFor(get(urlPathEqualTo("/databento/v0/metadata.get_dataset_range"))
			.willReturn(okJson("{\"start\":\"2010-06-06T00:00:00Z\",\"end\":\"2026-11-24T00:00:00Z\"}")));
		WIREMOCK.stubFor(get(urlPathEqualTo("/polygon/v1/marketstatus/now")).willReturn(okJson("{\"market\":\"open\"}")));
		WIREMOCK.stubFor(get(urlPathMatching("/polygon/v2/last/trade/.*"))
			.willReturn(okJson("{\"status\":\"OK\",\"results\":{\"T\":\"AAPL\",\"p\":189.5,\"s\":1,\"t\":1764082800000000000}}")));
		WIREMOCK.stubFor(post(urlPathEqualTo("/tradovate/v1/auth/accesstokenrequest")).willReturn(okJson(tradovateToken())));
		WIREMOCK.stubFor(get(urlPathEqualTo("/tradovate/v1/auth/renewaccesstoken")).willReturn(okJson(tradovateToken())));
		WIREMOCK.stubFor(get(urlPathEqualTo("/tradovate/v1/account/list"))
			.willReturn(okJson("[{\"id\":101,\"name\":\"DEMO101\",\"active\":true}]")));
		WIREMOCK.stubFor(post(urlPathEqualTo("/ironbeam/v2/auth"))
			.willReturn(okJson("{\"status\":\"OK\",\"token\":\"" + this.issued.get("ironbeam token") + "\"}")));
		WIREMOCK.stubFor(get(urlPathEqualTo("/ironbeam/v2/account/getAllAccounts"))
			.willReturn(okJson("{\"accounts\":[\"IB-ACC-1\"],\"status\":\"OK\"}")));
		WIREMOCK.stubFor(get(urlPathEqualTo("/openai/v1/models"))
			.willReturn(okJson("{\"object\":\"list\",\"data\":[{\"id\":\"gpt-5-mini\",\"object\":\"model\"}]}")));
		WIREMOCK.stubFor(get(urlPathEqualTo("/anthropic/v1/models"))
			.willReturn(okJson("{\"data\":[{\"type\":\"model\",\"id\":\"claude\"}],\"has_more\":false}")));
		WIREMOCK.stubFor(get(urlPathMatching("/discord/api/webhooks/.*")).willReturn(okJson(
				"{\"id\":\"99\",\"type\":1,\"name\":\"alerts\",\"token\":\"" + this.issued.get("discord webhook token") + "\"}")));
		WIREMOCK.stubFor(get(urlPathEqualTo("/supabase/auth/v1/health")).willReturn(okJson("{\"version\":\"v2\",\"name\":\"GoTrue\"}")));
		WIREMOCK.stubFor(get(urlPathEqualTo("/supabase/storage/v1/bucket")).willReturn(okJson("[]")));
	}

	/**
	 * Each failure class in turn on every provider's calls (HTTP errors, a malformed body, a timeout,
	 * a refused connection, failures inside HTTP 200); {@code verifyAll} runs after each.
	 */
	public void eachFailure(Runnable verifyAll) {
		for (ResponseDefinitionBuilder failure : failures()) {
			success();
			WIREMOCK.stubFor(any(urlPathMatching("/(databento|polygon|tradovate|ironbeam|openai|anthropic|discord|supabase)/.*"))
				.atPriority(1)
				.willReturn(failure));
			verifyAll.run();
		}
		success();
		try {
			ProviderStubs.PROXY.cut();
			verifyAll.run();
		}
		catch (java.io.IOException ex) {
			throw new java.io.UncheckedIOException(ex);
		}
		finally {
			restoreProxy();
		}
		// Failures that hide inside HTTP 200: a refused login, a penalty ticket, a CAPTCHA.
		for (String body : List.of("{\"errorText\":\"bad login " + this.echo + "\"}",
				"{\"p-ticket\":\"" + this.issued.get("tradovate p-ticket") + "\",\"p-time\":1,\"p-captcha\":false}",
				"{\"p-ticket\":\"" + this.issued.get("tradovate p-ticket") + "\",\"p-time\":1,\"p-captcha\":true}",
				"{\"status\":\"ERROR\",\"message\":\"bad login " + this.echo + "\"}")) {
			stubAtPriority(post(urlPathMatching("/(tradovate/v1/auth/accesstokenrequest|ironbeam/v2/auth)")),
					(stub) -> stub.willReturn(okJson(body)));
			verifyAll.run();
		}
		success();
	}

	private static void restoreProxy() {
		try {
			ProviderStubs.PROXY.restore();
		}
		catch (java.io.IOException ex) {
			throw new java.io.UncheckedIOException(ex);
		}
	}

	private List<ResponseDefinitionBuilder> failures() {
		String json = "application/json";
		String body = "{\"error\":\"key " + this.echo + " rejected\",\"message\":\"" + this.echo + "\",\"code\":50027}";
		return List.of(aResponse().withStatus(401).withHeader("Content-Type", json).withBody(body),
				aResponse().withStatus(403).withHeader("Content-Type", json).withBody(body),
				aResponse().withStatus(429).withHeader("Retry-After", "120").withHeader("Content-Type", json).withBody(body),
				aResponse().withStatus(503).withHeader("Content-Type", json).withBody(body),
				aResponse().withStatus(200).withHeader("Content-Type", json).withBody("<html>" + this.echo + "</html>"),
				// slower than the canary app's 500 ms read timeout
				aResponse().withStatus(200).withFixedDelay(1500).withHeader("Content-Type", json).withBody(body),
				// The provider-specific shapes (PROVIDERS.md), each echoing the key: OpenAI's final quota error,
				// Anthropic's overload, Databento's partial content with a warning, Discord's unknown webhook.
				aResponse().withStatus(429).withHeader("Content-Type", json).withBody("{\"error\":{\"type\":\"insufficient_quota\","
						+ "\"code\":\"insufficient_quota\",\"message\":\"" + this.echo + "\"}}"),
				aResponse().withStatus(529).withHeader("Content-Type", json)
					.withBody("{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"" + this.echo + "\"}}"),
				aResponse().withStatus(206).withHeader("X-Warning", "key " + this.echo).withHeader("Content-Type", json)
					.withBody(body),
				aResponse().withStatus(404).withHeader("Content-Type", json)
					.withBody("{\"message\":\"Unknown Webhook " + this.echo + "\",\"code\":10015}"));
	}

	private static void stubAtPriority(MappingBuilder request, Consumer<MappingBuilder> response) {
		MappingBuilder stub = request.atPriority(1);
		response.accept(stub);
		WIREMOCK.stubFor(stub);
	}

	private String tradovateToken() {
		return "{\"accessToken\":\"" + this.issued.get("tradovate access token") + "\",\"mdAccessToken\":\""
				+ this.issued.get("tradovate md token") + "\",\"expirationTime\":\""
				+ ProviderStubs.tokenExpiringIn(java.time.Duration.ofMinutes(80)) + "\",\"userId\":7,\"hasLive\":false}";
	}

	/** The providers the canary verifies (all but Zapier, which is coming soon). */
	public static List<ProviderKey> verified() {
		return List.of(ProviderKey.values()).stream().filter((provider) -> provider != ProviderKey.ZAPIER).toList();
	}

}
