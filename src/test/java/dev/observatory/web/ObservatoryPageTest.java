package dev.observatory.web;

import java.time.Duration;
import java.util.UUID;

import dev.observatory.test.Await;
import dev.observatory.test.Browser;
import dev.observatory.test.Http;
import dev.observatory.test.TestBots;
import dev.observatory.test.Loops;
import dev.observatory.test.ObservatoryTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Observatory page in headless Chromium, on the embedded default: the banner follows the verdict
 * live (OK → DEGRADED → BLOCKED, by the drills), the actions follow the server, a forced click is
 * refused by the server and its problem shown, and the fleet tabs show rows this test created.
 * {@code -Dobservatory.screenshots=docs/screenshots} saves the three states (README).
 */
@ObservatoryTest
@TestPropertySource(properties = { "observatory.drills=true", "observatory.status.cache-ttl=0s" })
class ObservatoryPageTest {

	private static final Duration LIVE = Duration.ofSeconds(6);

	static Browser browser;

	@LocalServerPort
	int port;

	@Autowired
	JdbcClient jdbc;

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
		this.http = new Http(base());
		Loops.awaitStartupPasses(this.jdbc);
		this.http.post("/api/integrations/verify", "{\"provider\": \"postgres\"}", "Content-Type", "application/json");
		Await.until(Duration.ofSeconds(15), "no drill in effect",
				() -> "OK".equals(this.http.get("/api/system/status").json().get("system_status").asString()));
	}

	@Test
	void theBannerFollowsTheVerdictLiveAndTheServerDecidesTheActions() {
		String paper = TestBots.create(this.http, "ui-paper-" + suffix(), "PAPER", "databento", "MES");
		String sim = TestBots.create(this.http, "ui-sim-" + suffix(), "SIM", "sim", "MES");
		browser.go(base() + "/observatory");
		awaitVerdict("OK");
		browser.await(LIVE, "both starts enabled", (d) -> startOf(sim).isEnabled() && startOf(paper).isEnabled());
		assertThat(browser.text(By.id("system-status-banner"))).contains("LOCAL_MODE");
		browser.screenshotIfAsked("status-ok");

		// Spec acceptance test 2: a drill fails the integrations part; the page says so and disables what needs it.
		assertThat(drill("integrations", 30).status()).isEqualTo(200);
		awaitVerdict("DEGRADED");
		assertThat(browser.text(By.id("system-status-banner"))).contains("STATUS_PART_UNAVAILABLE")
			.contains("integrations");
		browser.await(LIVE, "the PAPER bot's start disabled", (d) -> !startOf(paper).isEnabled());
		assertThat(browser.<String>await(LIVE, "the reason", (d) -> startOf(paper).getDomAttribute("title")))
			.startsWith("DEPENDENCY_UNAVAILABLE");
		assertThat(browser.<Boolean>await(LIVE, "the SIM start", (d) -> startOf(sim).isEnabled()))
			.as("a SIM bot needs no integration: it stays startable").isTrue();
		browser.screenshotIfAsked("status-degraded");

		// The status's own read failing blocks everything autonomy-dependent.
		assertThat(drill("database-read", 30).status()).isEqualTo(200);
		awaitVerdict("BLOCKED");
		browser.await(LIVE, "the SIM bot's start disabled", (d) -> !startOf(sim).isEnabled());
		assertThat(browser.<String>await(LIVE, "the reason", (d) -> startOf(sim).getDomAttribute("title"))).startsWith("SYSTEM_BLOCKED");
		assertThat(browser.<String>await(LIVE, "the reason's text", (d) -> d.findElement(By.id("why-" + sim + "-START")).getText()))
			.startsWith("SYSTEM_BLOCKED");
		browser.screenshotIfAsked("status-blocked");

		// A forged click on the disabled button: the server refuses it and the page shows the 409.
		browser.await(LIVE, "a forced click", (d) -> browser.script(
				"arguments[0].disabled = false; arguments[0].click(); return true;", startOf(sim)));
		String shown = browser.await(LIVE, "the refusal shown",
				(d) -> browser.text(By.id("action-result")).contains("SYSTEM_BLOCKED")
						? browser.text(By.id("action-result")) : null);
		assertThat(shown).contains("HTTP 409").containsPattern("trace_id [0-9a-f]{32}");
		assertThat(this.jdbc.sql("SELECT state FROM bots WHERE id = ?::uuid").param(sim).query(String.class).single())
			.isNotIn("STARTING", "RUNNING");
		assertThat(this.jdbc.sql("SELECT count(*) FROM autonomy_events WHERE bot_id = ?::uuid AND kind = 'START_REFUSED'"
				+ " AND cause = 'SYSTEM_BLOCKED'").param(sim).query(Integer.class).single()).isEqualTo(1);

		drill("database-read", 1);
		drill("integrations", 1);
		awaitVerdict("OK");
		browser.await(LIVE, "the SIM bot's start enabled again", (d) -> startOf(sim).isEnabled());
	}

	@Test
	void theFleetTabsShowWhatThisTestCreated() {
		String name = "ui-fleet-" + suffix();
		String bot = TestBots.create(this.http, name, "SIM", "sim", "MES");
		String account = this.http.post("/api/accounts", """
				{"broker": "paper", "external_id": "%s", "name": "%s-account", "mode": "PAPER"}""".formatted(name, name),
				"Content-Type", "application/json").json().get("id").asString();
		assertThat(account).isNotBlank();
		Http.Response kill = this.http.post("/api/bots/" + bot + "/kill", "{\"reason\": \"ui test\"}", "Content-Type",
				"application/json");
		assertThat(kill.status()).as(kill.body()).isEqualTo(200);
		this.jdbc.sql("""
				INSERT INTO variable_access_minute (bot_id, variable, provider, minute, reads, last_read_at, mode)
				VALUES (?::uuid, 'ema_fast', 'sim', date_trunc('minute', now()), 7, now(), 'SIM')""").param(bot).update();

		browser.go(base() + "/observatory");
		String row = browser.await(LIVE, "the bot's row", (d) -> rowOf(bot).getText());
		assertThat(row).contains(name).contains("SIMULATED").contains("KILLED");
		assertThat(browser.<String>await(LIVE, "the accounts", (d) -> d.findElement(By.cssSelector("[aria-label='Broker accounts']")).getText()))
			.contains(name + "-account");
		assertThat(browser.<java.util.List<String>>await(LIVE, "the actions", (d) -> rowOf(bot).findElements(By.cssSelector("button[data-action]"))
			.stream().map((b) -> b.getDomAttribute("data-action")).toList())).as("a killed bot is unkilled, not started")
			.containsExactly("UNKILL");

		tab("resilience");
		browser.await(LIVE, "the kill among the incidents", (d) -> d.findElements(By.cssSelector("tr.incident[data-kind='KILL']"))
			.stream().anyMatch((tr) -> tr.getText().contains(name) && tr.getText().contains("MANUAL")));
		assertThat(browser.text(By.id("page-tabs-panel"))).contains("supervisor").contains("timeout-worker");

		tab("events");
		browser.await(LIVE, "the kill's events", (d) -> d.findElements(By.cssSelector("tr.event")).stream()
			.anyMatch((tr) -> tr.getText().contains(name) && tr.getText().contains("KILL")));
		// The list reloads itself every 5 s, its filter with it: choose the filter on the element there now,
		// again if a reload under way brought back the previous one.
		browser.await(LIVE, "only FSM events", (d) -> {
			var filter = new org.openqa.selenium.support.ui.Select(d.findElement(By.id("events-source")));
			if (!"fsm".equals(filter.getFirstSelectedOption().getDomAttribute("value"))) {
				filter.selectByValue("fsm");
				return false;
			}
			var rows = d.findElements(By.cssSelector("tr.event"));
			return !rows.isEmpty() && rows.stream().allMatch((tr) -> "fsm".equals(tr.getDomAttribute("data-source")))
					&& rows.stream().anyMatch((tr) -> tr.getText().contains("→ KILLED"));
		});

		tab("variables");
		assertThat(browser.<java.util.List<String>>await(LIVE, "the variable row", (d) -> d.findElement(By.id("variable-ema_fast"))
			.findElements(By.cssSelector("a.bot-link")).stream().map(WebElement::getText).toList())).contains(bot);
	}

	@Test
	void theWhyNotDrawerShowsASuppressionThisTestRecorded() {
		String bot = TestBots.create(this.http, "ui-whynot-" + suffix(), "SIM", "sim", "MES");
		Http.Response recorded = this.http.post("/api/bots/" + bot + "/no-trade-traces", """
				{"suppression_type": "OUTSIDE_SESSION", "suppression_reason": "window 09:30-11:00 New York is closed",
				 "would_have_traded": true}""", "Content-Type", "application/json");
		assertThat(recorded.status()).as(recorded.body()).isEqualTo(201);
		String traceId = recorded.json().get("trace_id").asString();

		browser.go(base() + "/bots/" + bot);
		assertThat(browser.text(By.id("bot-mode"))).isEqualTo("SIMULATED");
		browser.click(By.id("open-why-not"));
		WebElement card = browser.await(LIVE, "the trace in the drawer",
				(d) -> d.findElement(By.cssSelector("#why-not-drawer .trace-card[data-suppression='OUTSIDE_SESSION']")));
		assertThat(card.getText()).contains("window 09:30-11:00 New York is closed").contains(traceId).contains("SIMULATED");
		browser.click(By.cssSelector("#why-not-drawer .close-drawer"));
		assertThat(browser.find(By.id("why-not-drawer")).isDisplayed()).isFalse();
	}

	private void awaitVerdict(String verdict) {
		browser.await(LIVE, "the banner to say " + verdict,
				(d) -> verdict.equals(d.findElement(By.id("system-status")).getText()));
	}

	private void tab(String key) {
		browser.click(By.id("page-tabs-tab-" + key));
		browser.await(LIVE, key + " loaded", (d) -> !d.findElements(By.cssSelector("#page-tabs-panel [data-tab-loaded='" + key + "']")).isEmpty());
	}

	private WebElement rowOf(String bot) {
		return browser.find(By.id("bot-" + bot));
	}

	private WebElement startOf(String bot) {
		return browser.await(LIVE, "the start button of " + bot,
				(d) -> d.findElement(By.cssSelector("#bot-" + bot + " button[data-action='START']")));
	}

	private Http.Response drill(String part, int seconds) {
		return this.http.post("/api/drills/fail-part", "{\"part\": \"%s\", \"seconds\": %d}".formatted(part, seconds),
				"Content-Type", "application/json");
	}

	private static String suffix() {
		return UUID.randomUUID().toString().substring(0, 8);
	}

	private String base() {
		return "http://127.0.0.1:" + this.port;
	}

}
