package dev.observatory.web;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.observatory.integrations.openai.OpenAiClient;
import dev.observatory.integrations.polygon.PolygonClient;
import dev.observatory.integrations.stubs.OwnUsageStubTest;
import dev.observatory.integrations.stubs.ProviderStubs;
import dev.observatory.telemetry.CallingContext;
import dev.observatory.test.Browser;
import dev.observatory.test.Http;
import dev.observatory.test.Loops;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The provider tabs in headless Chromium, against the provider stubs: Verify on the Connections tab
 * updates the row in place, Proof and AI Ops show the calls this test made for its bot (with the
 * stub's token counts), and Copy Debug Bundle puts JSON with a trace id and none of the keys on the
 * clipboard.
 */
@OwnUsageStubTest
class ProviderTabsPageTest {

	private static final Duration LIVE = Duration.ofSeconds(15);

	static Browser browser;

	@LocalServerPort
	int port;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	PolygonClient polygon;

	@Autowired
	OpenAiClient openAi;

	Http http;

	@BeforeAll
	static void openBrowser() {
		browser = Browser.open("");
	}

	@AfterAll
	static void closeBrowser() {
		browser.close();
	}

	@BeforeEach
	void setUp() {
		ProviderStubs.reset();
		this.http = new Http("http://127.0.0.1:" + this.port);
		Loops.awaitStartupPasses(this.jdbc);
	}

	@AfterEach
	void tearDown() {
		ProviderStubs.reset();
	}

	@Test
	void verifyUpdatesTheConnectionRowAndTheTabsShowThisBotsCalls() {
		String bot = bot("ui-proof-" + UUID.randomUUID().toString().substring(0, 8));
		ProviderStubs.WIREMOCK.stubFor(post(urlPathEqualTo("/openai/v1/responses")).willReturn(okJson("""
				{"id": "resp_ui", "object": "response", "status": "completed",
				 "output": [{"type": "message", "role": "assistant", "content": [{"type": "output_text", "text": "ok"}]}],
				 "usage": {"input_tokens": 321, "output_tokens": 123, "total_tokens": 444}}""")));
		CallingContext.runAs(UUID.fromString(bot), null, () -> {
			this.polygon.lastTrade("AAPL");
			this.openAi.respond("gpt-5-mini", "Review", "A trade", 64);
		});

		browser.go(base() + "/observatory?tab=connections");
		By polygonRow = By.id("connection-polygon");
		browser.await(LIVE, "the polygon row", (d) -> d.findElement(polygonRow).getText().contains("Configured"));
		browser.await(LIVE, "the bot's call as the proof",
				(d) -> reload(d, "connections") && d.findElement(polygonRow).getText().contains(bot));
		browser.click(By.cssSelector("#connection-polygon button.verify"));
		String row = browser.<String>await(LIVE, "the row updated in place", (d) -> {
			String text = d.findElement(polygonRow).getText();
			return text.contains("Connected") && !text.contains("Not connected") && text.contains("OK:") ? text : null;
		});
		assertThat(row).contains("Configured").contains("Used").contains(bot);
		assertThat(browser.text(By.id("action-result"))).startsWith("Verified polygon");

		browser.click(By.id("page-tabs-tab-proof"));
		browser.await(LIVE, "polygon's proof", (d) -> reload(d, "proof")
				&& Long.parseLong(d.findElement(By.cssSelector("#proof-polygon td.calls")).getText()) >= 1
				&& d.findElement(By.cssSelector("#proof-polygon a.last-bot")).getText().equals(bot));

		browser.click(By.id("page-tabs-tab-ai-ops"));
		browser.await(LIVE, "openai's tokens", (d) -> reload(d, "ai-ops")
				&& !d.findElement(By.cssSelector("#ai-openai td.input-tokens")).getText().equals("not measured"));
		assertThat(Long.parseLong(browser.text(By.cssSelector("#ai-openai td.calls")))).isPositive();
		assertThat(browser.text(By.cssSelector("#ai-openai td.input-tokens"))).matches("\\d+.*");
		long tokens = this.jdbc.sql("""
				SELECT sum((metadata_safe_json ->> 'input_tokens')::bigint) FROM integration_usage_events
				WHERE provider = 'openai' AND created_at > now() - interval '24 hours'""").query(Long.class).single();
		assertThat(browser.text(By.cssSelector("#ai-openai td.input-tokens"))).startsWith(Long.toString(tokens));
	}

	@Test
	void copyDebugBundlePutsRedactedJsonWithATraceIdOnTheClipboard() throws Exception {
		browser.go(base() + "/observatory");
		browser.driver().executeCdpCommand("Browser.grantPermissions", Map.of("origin", base(), "permissions",
				List.of("clipboardReadWrite", "clipboardSanitizedWrite")));
		browser.click(By.id("copy-debug-bundle"));
		browser.await(LIVE, "the bundle copied",
				(d) -> d.findElement(By.id("bundle-result")).getText().startsWith("Debug bundle copied"));
		String clipboard = (String) browser.driver()
			.executeAsyncScript("navigator.clipboard.readText().then(arguments[0], () => arguments[0](null));");
		assertThat(clipboard).isNotNull();
		JsonNode bundle = JsonMapper.builder().build().readTree(clipboard);
		assertThat(bundle.get("trace_id").asString()).matches("[0-9a-f]{32}");
		assertThat(browser.text(By.id("bundle-result"))).contains(bundle.get("trace_id").asString());
		assertThat(browser.find(By.id("bundle-download")).getDomAttribute("download"))
			.isEqualTo("observatory-debug-bundle-" + bundle.get("trace_id").asString() + ".json");
		for (String secret : List.of(ProviderStubs.DATABENTO_KEY, ProviderStubs.POLYGON_KEY, ProviderStubs.OPENAI_KEY,
				ProviderStubs.ANTHROPIC_KEY, ProviderStubs.TRADOVATE_PASSWORD, ProviderStubs.TRADOVATE_SECRET,
				ProviderStubs.IRONBEAM_PASSWORD, ProviderStubs.IRONBEAM_API_KEY, ProviderStubs.SUPABASE_ANON,
				ProviderStubs.SUPABASE_SERVICE, ProviderStubs.SMTP_PASSWORD, "stub-webhook-token")) {
			assertThat(clipboard).as("no secret in the bundle").doesNotContain(secret);
		}
	}

	/** Reloads the open tab (the page refreshes tabs on verdict changes; a test asks directly). */
	private static boolean reload(WebDriver driver, String tab) {
		driver.findElement(By.id("page-tabs-tab-" + tab)).click();
		return !driver.findElements(By.cssSelector("#page-tabs-panel [data-tab-loaded='" + tab + "']")).isEmpty();
	}

	private String bot(String name) {
		Http.Response created = this.http.post("/api/bots", """
				{"name": "%s", "mode": "SIM", "instruments": ["MES"], "data_provider": "sim",
				 "strategy_key": "ema_crossover", "session_mode": "ALWAYS"}""".formatted(name), "Content-Type",
				"application/json");
		assertThat(created.status()).as(created.body()).isEqualTo(201);
		return created.json().get("id").asString();
	}

	private String base() {
		return "http://127.0.0.1:" + this.port;
	}

}
