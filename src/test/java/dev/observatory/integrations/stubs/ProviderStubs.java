package dev.observatory.integrations.stubs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import dev.observatory.telemetry.ProviderKey;
import dev.observatory.test.TcpProxy;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;

/**
 * Local stand-ins for every provider, reproducing PROVIDERS.md's documented shapes: one WireMock
 * server (each provider under its own path prefix, reached through a TCP proxy that can be cut to
 * refuse connections), Databento's live gateway, Tradovate's user-sync socket, Polygon's beta futures
 * stream, and one GreenMail SMTPS server behind an {@link SmtpFront}. Started once per test JVM. These are stubs: nothing here proves anything about the real providers.
 */
public final class ProviderStubs {

	public static final String DATABENTO_KEY = "db-stub-key-0000000000000000000000";

	public static final String POLYGON_KEY = "stub-polygon-key";

	public static final String OPENAI_KEY = "sk-stub-openai";

	public static final String ANTHROPIC_KEY = "sk-ant-stub";

	public static final String TRADOVATE_PASSWORD = "stub-tradovate-password";

	public static final String TRADOVATE_SECRET = "stub-tradovate-sec";

	public static final String IRONBEAM_PASSWORD = "stub-ironbeam-password";

	public static final String IRONBEAM_API_KEY = "stub-ironbeam-api-key";

	public static final String DISCORD_PATH = "/discord/api/webhooks/1234567890/stub-webhook-token";

	public static final String SUPABASE_ANON = "stub-supabase-anon";

	public static final String SUPABASE_SERVICE = "stub-supabase-service";

	public static final String SMTP_USER = "alerts@desk.test";

	public static final String SMTP_PASSWORD = "stub-smtp-password";

	public static final String TRADOVATE_TOKEN = "stub-tradovate-access-token";

	public static final String IRONBEAM_TOKEN = "stub-ironbeam-token";

	public static final WireMockServer WIREMOCK = startWireMock();

	public static final TcpProxy PROXY = proxy(WIREMOCK.port());

	public static final GreenMail MAIL = startMail();

	public static final SmtpFront SMTP = smtpFront(MAIL.getSmtps().getPort());

	public static final DatabentoLiveStub DATABENTO_LIVE = new DatabentoLiveStub(DATABENTO_KEY);

	public static final TradovateSocketStub TRADOVATE_SOCKET = new TradovateSocketStub(TRADOVATE_TOKEN);

	public static final PolygonFuturesStub POLYGON_FUTURES = new PolygonFuturesStub(POLYGON_KEY);

	private ProviderStubs() {
	}

	/** The environment of a desk that configured every provider, pointed at the stubs. */
	public static Map<String, String> env() {
		String base = "http://127.0.0.1:" + PROXY.port();
		Map<String, String> env = new LinkedHashMap<>();
		env.put("DATABENTO_API_KEY", DATABENTO_KEY);
		env.put("DATABENTO_BASE_URL", base + "/databento");
		env.put("DATABENTO_LIVE_GATEWAY", "127.0.0.1:" + DATABENTO_LIVE.port());
		env.put("POLYGON_API_KEY", POLYGON_KEY);
		env.put("POLYGON_BASE_URL", base + "/polygon");
		env.put("POLYGON_FUTURES_SOCKET_URL", POLYGON_FUTURES.url());
		env.put("TRADOVATE_USERNAME", "desk-user");
		env.put("TRADOVATE_PASSWORD", TRADOVATE_PASSWORD);
		env.put("TRADOVATE_APP_ID", "Observatory");
		env.put("TRADOVATE_APP_VERSION", "1.0");
		env.put("TRADOVATE_CID", "4242");
		env.put("TRADOVATE_SECRET", TRADOVATE_SECRET);
		env.put("TRADOVATE_BASE_URL", base + "/tradovate/v1");
		env.put("TRADOVATE_WEBSOCKET_URL", TRADOVATE_SOCKET.url());
		env.put("IRONBEAM_USERNAME", "IB-TRADER-1");
		env.put("IRONBEAM_PASSWORD", IRONBEAM_PASSWORD);
		env.put("IRONBEAM_API_KEY", IRONBEAM_API_KEY);
		env.put("IRONBEAM_BASE_URL", base + "/ironbeam/v2");
		env.put("OPENAI_API_KEY", OPENAI_KEY);
		env.put("OPENAI_BASE_URL", base + "/openai/v1");
		env.put("ANTHROPIC_API_KEY", ANTHROPIC_KEY);
		env.put("ANTHROPIC_BASE_URL", base + "/anthropic");
		env.put("DISCORD_WEBHOOK_URL", base + DISCORD_PATH);
		env.put("SUPABASE_URL", base + "/supabase");
		env.put("SUPABASE_ANON_KEY", SUPABASE_ANON);
		env.put("SUPABASE_SERVICE_ROLE_KEY", SUPABASE_SERVICE);
		env.put("SMTP_HOST", "127.0.0.1");
		env.put("SMTP_PORT", String.valueOf(SMTP.port()));
		env.put("SMTP_SECURITY", "ssl");
		env.put("SMTP_USERNAME", SMTP_USER);
		env.put("SMTP_PASSWORD", SMTP_PASSWORD);
		env.put("ALERT_EMAIL_TO", "oncall@desk.test");
		env.put("OBSERVATORY_REQUIRED_INTEGRATIONS", "polygon, tradovate");
		env.put("OBSERVATORY_BUNDLE_BUCKET", "bundles");
		return env;
	}

	/** A test resource's bytes (the DBN fixtures under {@code /dbn}). */
	public static byte[] resource(String path) {
		try (var in = ProviderStubs.class.getResourceAsStream(path)) {
			if (in == null) {
				throw new IllegalStateException(path + " is not on the test classpath");
			}
			return in.readAllBytes();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** Forgets every stub and recorded request, and puts back the happy path of every provider. */
	public static void reset() {
		WIREMOCK.resetAll();
		DATABENTO_LIVE.silent(false);
		TRADOVATE_SOCKET.reset();
		POLYGON_FUTURES.reset();
		SMTP.mode(SmtpFront.Mode.FORWARD);
		MAIL.getUserManager().getUserByEmail(SMTP_USER).setPassword(SMTP_PASSWORD);
		for (ProviderKey provider : ProviderKey.values()) {
			stubSuccess(provider);
		}
	}

	/**
	 * The request a provider's Verify makes first (the key check): a stub on it with a higher
	 * priority than the happy path answers in its place.
	 */
	public static MappingBuilder firstVerifyCall(ProviderKey provider) {
		MappingBuilder call = switch (provider) {
			case DATABENTO -> get(urlPathEqualTo("/databento/v0/metadata.list_datasets"));
			case POLYGON -> get(urlPathEqualTo("/polygon/v1/marketstatus/now"));
			case TRADOVATE -> post(urlPathEqualTo("/tradovate/v1/auth/accesstokenrequest"));
			case IRONBEAM -> post(urlPathEqualTo("/ironbeam/v2/auth"));
			case OPENAI -> get(urlPathEqualTo("/openai/v1/models"));
			case ANTHROPIC -> get(urlPathEqualTo("/anthropic/v1/models"));
			case DISCORD -> get(urlPathEqualTo(DISCORD_PATH));
			case SUPABASE -> get(urlPathEqualTo("/supabase/auth/v1/health"));
			default -> throw new IllegalArgumentException(provider + " is not an HTTP stub");
		};
		return call.atPriority(1);
	}

	public static String tokenExpiringIn(java.time.Duration lifetime) {
		return Instant.now().plus(lifetime).truncatedTo(ChronoUnit.SECONDS).toString();
	}

	/** A Tradovate token answer ({@code accesstokenrequest} and {@code renewaccesstoken} alike). */
	public static String tradovateToken(String accessToken, java.time.Duration lifetime) {
		return """
				{"accessToken":"%s","mdAccessToken":"stub-md-token","expirationTime":"%s",
				 "passwordExpirationTime":"2027-06-01T00:00:00Z","userStatus":"Active","userId":7,"name":"desk-user",
				 "hasLive":false}""".formatted(accessToken, tokenExpiringIn(lifetime));
	}

	private static void stubSuccess(ProviderKey provider) {
		switch (provider) {
			case DATABENTO -> {
				String basic = "Basic " + Base64.getEncoder()
					.encodeToString((DATABENTO_KEY + ":").getBytes(StandardCharsets.UTF_8));
				WIREMOCK.stubFor(get(urlPathEqualTo("/databento/v0/metadata.list_datasets"))
					.withHeader("Authorization", equalTo(basic))
					.willReturn(okJson("[\"GLBX.MDP3\",\"XNAS.ITCH\"]")));
				WIREMOCK.stubFor(get(urlPathEqualTo("/databento/v0/metadata.get_dataset_range"))
					.withQueryParam("dataset", equalTo("GLBX.MDP3"))
					.withHeader("Authorization", equalTo(basic))
					.willReturn(okJson("""
							{"start":"2010-06-06T00:00:00.000000000Z","end":"2026-11-24T00:00:00.000000000Z",
							 "schema":{"trades":{"start":"2010-06-06T00:00:00Z","end":"2026-11-24T00:00:00Z"}}}""")));
				// History as the official clients ask for it: the real ohlcv-1m fixture (its bars are from 2020,
				// so a warm-up finds none in its window and starts cold).
				WIREMOCK.stubFor(post(urlPathEqualTo("/databento/v0/timeseries.get_range"))
					.withHeader("Authorization", equalTo(basic))
					.withFormParam("encoding", equalTo("dbn"))
					.willReturn(aResponse().withStatus(200)
						.withHeader("Content-Type", "application/octet-stream")
						.withBody(resource("/dbn/test_data.ohlcv-1m.v3.dbn.zst"))));
			}
			case POLYGON -> {
				WIREMOCK.stubFor(get(urlPathEqualTo("/polygon/v1/marketstatus/now"))
					.withHeader("Authorization", equalTo("Bearer " + POLYGON_KEY))
					.willReturn(okJson("{\"market\":\"open\",\"serverTime\":\"2026-11-25T10:00:00-05:00\"}")));
				WIREMOCK.stubFor(get(urlPathEqualTo("/polygon/v2/last/trade/AAPL"))
					.withHeader("Authorization", equalTo("Bearer " + POLYGON_KEY))
					.willReturn(okJson("""
							{"status":"OK","request_id":"req-1","results":{"T":"AAPL","p":189.52,"s":100,
							 "t":1764082800000000000,"y":1764082800000000000,"x":4,"i":"71675577320245","c":[12],"q":1}}""")));
				WIREMOCK.stubFor(get(WireMock.urlPathMatching("/polygon/v2/aggs/ticker/[A-Z]+/range/1/minute/\\d+/\\d+"))
					.withHeader("Authorization", equalTo("Bearer " + POLYGON_KEY))
					.willReturn(okJson("{\"ticker\":\"AAPL\",\"adjusted\":true,\"queryCount\":0,\"resultsCount\":0,"
							+ "\"status\":\"OK\",\"request_id\":\"req-2\",\"results\":[]}")));
			}
			case TRADOVATE -> {
				WIREMOCK.stubFor(post(urlPathEqualTo("/tradovate/v1/auth/accesstokenrequest"))
					.withRequestBody(WireMock.matchingJsonPath("$.password", equalTo(TRADOVATE_PASSWORD)))
					.withRequestBody(WireMock.matchingJsonPath("$.sec", equalTo(TRADOVATE_SECRET)))
					.withRequestBody(WireMock.matchingJsonPath("$.cid", equalTo("4242")))
					.willReturn(okJson(tradovateToken(TRADOVATE_TOKEN, java.time.Duration.ofMinutes(80)))));
				WIREMOCK.stubFor(get(urlPathEqualTo("/tradovate/v1/account/list"))
					.withHeader("Authorization", WireMock.matching("Bearer stub-tradovate-.*"))
					.willReturn(okJson("""
							[{"id":101,"name":"DEMO101","userId":7,"accountType":"Customer","active":true,
							  "clearingHouseId":2,"riskCategoryId":2,"autoLiqProfileId":1,"marginAccountType":"Speculator",
							  "legalStatus":"Individual","archived":false}]""")));
			}
			case IRONBEAM -> {
				WIREMOCK.stubFor(post(urlPathEqualTo("/ironbeam/v2/auth"))
					.withRequestBody(WireMock.matchingJsonPath("$.apiKey", equalTo(IRONBEAM_API_KEY)))
					.willReturn(okJson("{\"status\":\"OK\",\"token\":\"" + IRONBEAM_TOKEN + "\",\"message\":\"OK\"}")));
				WIREMOCK.stubFor(get(urlPathEqualTo("/ironbeam/v2/account/getAllAccounts"))
					.withHeader("Authorization", equalTo("Bearer " + IRONBEAM_TOKEN))
					.willReturn(okJson("{\"accounts\":[\"IB-ACC-1\"],\"status\":\"OK\"}")));
			}
			case OPENAI -> WIREMOCK.stubFor(get(urlPathEqualTo("/openai/v1/models"))
				.withHeader("Authorization", equalTo("Bearer " + OPENAI_KEY))
				.willReturn(okJson("""
						{"object":"list","data":[{"id":"gpt-5-mini","object":"model","created":1750000000,"owned_by":"openai"}]}""")));
			case ANTHROPIC -> WIREMOCK.stubFor(get(urlPathEqualTo("/anthropic/v1/models"))
				.withQueryParam("limit", equalTo("1"))
				.withHeader("x-api-key", equalTo(ANTHROPIC_KEY))
				.withHeader("anthropic-version", equalTo("2023-06-01"))
				.willReturn(okJson("""
						{"data":[{"type":"model","id":"claude-sonnet-4-5","display_name":"Claude Sonnet 4.5",
						  "created_at":"2025-09-29T00:00:00Z"}],"has_more":true,"first_id":"claude-sonnet-4-5",
						 "last_id":"claude-sonnet-4-5"}""")));
			case DISCORD -> {
				WIREMOCK.stubFor(get(urlPathEqualTo(DISCORD_PATH)).willReturn(okJson("""
						{"id":"1234567890","type":1,"name":"desk-alerts","channel_id":"42","guild_id":"41",
						 "application_id":null,"avatar":null,"token":"stub-webhook-token"}""")));
				// Execute Webhook with ?wait=true answers the created message.
				WIREMOCK.stubFor(com.github.tomakehurst.wiremock.client.WireMock.post(urlPathEqualTo(DISCORD_PATH))
					.withQueryParam("wait", equalTo("true"))
					.willReturn(okJson("""
							{"id":"1300000000000000001","type":0,"channel_id":"42","content":"","embeds":[],
							 "webhook_id":"1234567890"}""")));
			}
			case SUPABASE -> {
				WIREMOCK.stubFor(get(urlPathEqualTo("/supabase/auth/v1/health"))
					.withHeader("apikey", equalTo(SUPABASE_ANON))
					.willReturn(okJson("""
							{"version":"v2.170.0","name":"GoTrue","description":"GoTrue is a user registration and authentication API"}""")));
				WIREMOCK.stubFor(get(urlPathEqualTo("/supabase/storage/v1/bucket"))
					.withHeader("apikey", equalTo(SUPABASE_SERVICE))
					.withHeader("Authorization", equalTo("Bearer " + SUPABASE_SERVICE))
					.willReturn(okJson("""
							[{"id":"bundles","name":"bundles","owner":"","public":false,
							  "created_at":"2026-01-01T00:00:00Z","updated_at":"2026-01-01T00:00:00Z"}]""")));
			}
			default -> {
				// SMTP is GreenMail; PostgreSQL is real; Zapier is coming soon
			}
		}
		// Anything not stubbed is a wrong request: a 404 the client must call unexpected.
		WIREMOCK.stubFor(WireMock.any(WireMock.anyUrl()).atPriority(10).willReturn(aResponse().withStatus(404)));
	}

	private static WireMockServer startWireMock() {
		WireMockServer server = new WireMockServer(WireMockConfiguration.options().dynamicPort().bindAddress("127.0.0.1"));
		server.start();
		return server;
	}

	private static TcpProxy proxy(int port) {
		try {
			return new TcpProxy("127.0.0.1", port);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static GreenMail startMail() {
		GreenMail mail = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTPS));
		mail.start();
		mail.setUser(SMTP_USER, SMTP_USER, SMTP_PASSWORD);
		return mail;
	}

	private static SmtpFront smtpFront(int port) {
		try {
			return new SmtpFront(port);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
