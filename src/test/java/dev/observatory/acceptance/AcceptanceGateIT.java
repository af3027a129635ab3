package dev.observatory.acceptance;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.observatory.integrations.stubs.ProviderStubs;
import dev.observatory.test.Await;
import dev.observatory.test.Browser;
import dev.observatory.test.Http;
import dev.observatory.test.ObservatoryProcess;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import tools.jackson.databind.JsonNode;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The spec's six acceptance tests (SPEC.md §G), end to end against Observatory run as the README
 * says — the built jar, a separate process, its embedded default — with every provider a local stub,
 * through the public API, the process's own database and a headless browser. Each test's evidence
 * goes into {@code docs/FINAL_ACCEPTANCE_GATE.md} ({@link GateReport}), written whatever the outcome;
 * the build fails if any of the six fails.
 */
class AcceptanceGateIT {

	private static final Path REPORT = Path.of("docs", "FINAL_ACCEPTANCE_GATE.md");

	private static final Path SCREENSHOTS = Path.of("docs", "screenshots");

	private static final Pattern EMBEDDED = Pattern.compile("Database: PostgreSQL at (\\S+):(\\d+)/(\\S+) \\(embedded");

	private static final Duration WAIT = Duration.ofSeconds(60);

	private final GateReport report = new GateReport(List.of(ProviderStubs.DATABENTO_KEY, ProviderStubs.POLYGON_KEY,
			ProviderStubs.OPENAI_KEY, ProviderStubs.ANTHROPIC_KEY, ProviderStubs.TRADOVATE_PASSWORD,
			ProviderStubs.TRADOVATE_SECRET, ProviderStubs.IRONBEAM_PASSWORD, ProviderStubs.IRONBEAM_API_KEY,
			ProviderStubs.SUPABASE_ANON, ProviderStubs.SUPABASE_SERVICE, ProviderStubs.SMTP_PASSWORD,
			ProviderStubs.TRADOVATE_TOKEN, ProviderStubs.IRONBEAM_TOKEN, ProviderStubs.DISCORD_PATH));

	@Test
	void theSixAcceptanceTestsPassAndTheReportSaysSo() throws Exception {
		ProviderStubs.reset();
		Path workDir = Files.createTempDirectory(Files.createDirectories(Path.of("target").toAbsolutePath()), "gate-");
		Map<String, String> env = new HashMap<>(ProviderStubs.env());
		// The SMTP stub's certificate is self-signed and trusted only inside the test JVM: e-mail stays
		// unconfigured here (the report says so); alerts go to the Discord stub.
		env.keySet().removeIf((name) -> name.startsWith("SMTP_") || name.startsWith("ALERT_EMAIL"));
		env.put("OBSERVATORY_REQUIRED_INTEGRATIONS", "polygon");
		env.put("OBSERVATORY_DRILLS", "true");
		try (Browser browser = Browser.open("")) {
			try (ObservatoryProcess app = ObservatoryProcess.start(workDir, env, args())) {
				assertThat(app.awaitReady(Duration.ofSeconds(120))).as(app::output).isTrue();
				Gate gate = new Gate(app, browser);
				run(2, "A broken part degrades the verdict, and the UI disables what depends on it", gate::partDrill);
				run(3, "A stale RUNNING job is timed out by the timeout worker", gate::staleJob);
				run(4, "A crash is restarted by the supervisor; repeated crashes open the breaker", gate::crashes);
				run(5, "One provider call for a bot is one usage event and shows as its proof of use", gate::proofOfUse);
				run(6, "Suppressions by risk, by data and by session each leave a no-trade trace", gate::suppressions);
				gate.tour(this.report.tour);
			}
			// Spec test 1: the same deployment restarted without a required variable.
			Map<String, String> missing = new HashMap<>(env);
			missing.remove("POLYGON_API_KEY");
			try (ObservatoryProcess app = ObservatoryProcess.start(workDir, missing, args())) {
				assertThat(app.awaitReady(Duration.ofSeconds(120))).as(app::output).isTrue();
				run(1, "A required variable removed (restart without it) blocks the system and every start",
						new Gate(app, browser)::requiredKeyMissing);
			}
		}
		finally {
			ProviderStubs.reset();
			this.report.write(REPORT);
		}
		assertThat(this.report.failed()).as("acceptance tests that did not pass (see %s)", REPORT)
			.extracting((s) -> s.number + ": " + s.failure)
			.isEmpty();
	}

	private static String[] args() {
		return new String[] { "--observatory.runtime.claim-interval=200ms", "--observatory.runtime.heartbeat-interval=500ms",
				"--observatory.runtime.tick-interval=100ms", "--observatory.autonomy.timeout-worker.interval=2s",
				"--observatory.autonomy.timeout-worker.initial-delay=1s", "--observatory.trading.data-stale-after=2s",
				"--observatory.trading.polygon-poll-interval=500ms", "--observatory.trading.databento-heartbeat=5s",
				"--observatory.status.cache-ttl=0s", "--observatory.integrations.read-timeout=1s",
				"--observatory.integrations.reverify.initial-delay=0s" };
	}

	private interface Check {

		void run(GateReport.Section section) throws Exception;

	}

	private void run(int number, String title, Check check) {
		GateReport.Section section = this.report.section(number, title);
		try {
			check.run(section);
			section.outcome = "PASS";
		}
		catch (Exception | AssertionError ex) {
			section.outcome = "FAIL";
			section.failure = String.valueOf(ex.getMessage());
		}
	}

	/** The six checks against one running process. */
	private final class Gate {

		private final ObservatoryProcess app;

		private final Browser browser;

		private final Http http;

		private final String jdbcUrl;

		private GateReport.Section section;

		Gate(ObservatoryProcess app, Browser browser) {
			this.app = app;
			this.browser = browser;
			this.http = app.http();
			Matcher matcher = EMBEDDED.matcher(app.output());
			assertThat(matcher.find()).as("the process says where its embedded database listens").isTrue();
			this.jdbcUrl = "jdbc:postgresql://" + matcher.group(1) + ":" + matcher.group(2) + "/" + matcher.group(3)
					+ "?user=postgres";
		}

		// ---- 1 -------------------------------------------------------------------------------------

		void requiredKeyMissing(GateReport.Section s) throws Exception {
			this.section = s;
			s.step("Restarted the same deployment (same data folder) without `POLYGON_API_KEY`, with"
					+ " `OBSERVATORY_REQUIRED_INTEGRATIONS=polygon`.");
			JsonNode status = call("GET", "/api/system/status", null).json();
			s.trace("the BLOCKED verdict", status.get("trace_id").asString());
			assertThat(status.get("system_status").asString()).isEqualTo("BLOCKED");
			JsonNode missing = finding(status.get("blockers"), "INTEGRATION_KEY_MISSING");
			assertThat(missing.get("message").asString()).contains("POLYGON_API_KEY");
			s.step("`GET /api/system/status` is BLOCKED with an `INTEGRATION_KEY_MISSING` blocker naming `POLYGON_API_KEY`.");
			String bot = bot("gate-blocked-sim", "SIM", "sim", "MES", "");
			Http.Response start = call("POST", "/api/bots/" + bot + "/start", "");
			assertThat(start.status()).isEqualTo(409);
			assertThat(start.json().get("error_code").asString()).isEqualTo("SYSTEM_BLOCKED");
			s.trace("the refused start", start.json().get("trace_id").asString());
			s.step("`POST /api/bots/{id}/start` of a SIM bot is refused: 409 `SYSTEM_BLOCKED`.");
			rows("SELECT to_status, blockers, trace_id FROM system_status_changes ORDER BY at DESC LIMIT 1");
			rows("SELECT kind, cause, trace_id FROM autonomy_events WHERE kind = 'START_REFUSED' AND bot_id = '" + bot + "'");
			screenshot("/observatory", "BLOCKED", "gate-blocked");
			s.step("The Observatory page shows the BLOCKED banner (screenshot).");
		}

		// ---- 2 -------------------------------------------------------------------------------------

		void partDrill(GateReport.Section s) throws Exception {
			this.section = s;
			call("POST", "/api/integrations/verify", "{\"provider\": \"polygon\"}");
			call("POST", "/api/integrations/verify", "{\"provider\": \"postgres\"}");
			awaitOk();
			String paper = bot("gate-paper-polygon", "PAPER", "polygon", "AAPL", "");
			s.step("Verified the required integration; the verdict is OK. Created a PAPER bot reading Polygon.");
			screenshot("/observatory", "OK", "gate-ok");
			Http.Response drill = call("POST", "/api/drills/fail-part", "{\"part\": \"integrations\", \"seconds\": 30}");
			assertThat(drill.status()).isEqualTo(200);
			try {
				s.trace("the drill", drill.json().get("trace_id").asString());
				s.step("`POST /api/drills/fail-part` failed the integrations part for 30 s.");
				assertThat(call("GET", "/api/integrations/status", null).status()).isEqualTo(503);
				JsonNode status = call("GET", "/api/system/status", null).json();
				assertThat(status.get("system_status").asString()).isEqualTo("DEGRADED");
				JsonNode part = finding(status.get("degraded"), "STATUS_PART_UNAVAILABLE");
				assertThat(part.get("message").asString()).contains("integrations");
				s.trace("the DEGRADED verdict", status.get("trace_id").asString());
				s.step("`GET /api/integrations/status` answers 503, and the verdict is DEGRADED with `STATUS_PART_UNAVAILABLE`"
						+ " naming the integrations part.");
				this.browser.go(base() + "/observatory");
				this.browser.await(WAIT, "the DEGRADED banner",
						(d) -> "DEGRADED".equals(d.findElement(By.id("system-status")).getText()));
				assertThat(this.browser.text(By.id("system-status-banner"))).contains("integrations");
				String title = this.browser.<String>await(WAIT, "the PAPER bot's start disabled", (d) -> {
					var start = d.findElement(By.cssSelector("#bot-" + paper + " button[data-action='START']"));
					return start.isEnabled() ? null : start.getDomAttribute("title");
				});
				assertThat(title).startsWith("DEPENDENCY_UNAVAILABLE");
				shoot("gate-degraded");
				s.step("In headless Chromium the banner says DEGRADED naming the integrations part, and the PAPER bot's Start"
						+ " is disabled: \"" + title + "\" (screenshot).");
				Http.Response refused = call("POST", "/api/bots/" + paper + "/start", "");
				assertThat(refused.status()).isEqualTo(409);
				assertThat(refused.body()).contains("DEPENDENCY_UNAVAILABLE");
				s.step("The server refuses that start too: 409 with `DEPENDENCY_UNAVAILABLE`.");
			}
			finally {
				// Whatever happened above, the part is back for the tests that follow.
				call("POST", "/api/drills/fail-part", "{\"part\": \"integrations\", \"seconds\": 1}");
			}
			awaitOk();
			s.step("Ended the drill: the verdict is OK again.");
			rows("SELECT action, target, outcome, trace_id FROM audit_events WHERE action = 'DRILL_FAIL_PART' ORDER BY at");
		}

		// ---- 3 -------------------------------------------------------------------------------------

		void staleJob(GateReport.Section s) throws Exception {
			this.section = s;
			String bot = bot("gate-stale", "SIM", "sim", "MES", "");
			sql("INSERT INTO runner_instances (id, bot_id, host_id, state, created_at, started_at, last_heartbeat_at)"
					+ " VALUES ('00000000-0000-7000-8000-00000000a003', '" + bot + "', 'gone-host', 'RUNNING', now(), now(),"
					+ " now() - interval '10 minutes')");
			sql("INSERT INTO job_runs (id, kind, bot_id, instance_id, state, heartbeat_at, created_at, started_at) VALUES"
					+ " ('00000000-0000-7000-8000-00000000b003', 'RUN', '" + bot + "', '00000000-0000-7000-8000-00000000a003',"
					+ " 'RUNNING', now() - interval '10 minutes', now(), now())");
			sql("UPDATE bots SET state = 'RUNNING', desired_state = 'RUNNING' WHERE id = '" + bot + "'");
			s.step("Inserted a RUNNING job (and its runner instance, on a host that is gone) whose last heartbeat is 10"
					+ " minutes old; the timeout worker runs every 2 s here (threshold 90 s).");
			Await.until(WAIT, "the job timed out", () -> "TIMEOUT HEARTBEAT_TIMEOUT".equals(single(
					"SELECT state || ' ' || reason_code FROM job_runs WHERE id = '00000000-0000-7000-8000-00000000b003'")));
			s.step("The timeout worker marked the job TIMEOUT with `HEARTBEAT_TIMEOUT` and wrote FSM events.");
			rows("SELECT state, reason_code, ended_at FROM job_runs WHERE id = '00000000-0000-7000-8000-00000000b003'");
			List<String> events = rows("SELECT entity, from_state, to_state, reason_code, actor, trace_id FROM job_run_events"
					+ " WHERE entity_id IN ('00000000-0000-7000-8000-00000000b003', '00000000-0000-7000-8000-00000000a003')"
					+ " ORDER BY entity");
			assertThat(events).anySatisfy((row) -> assertThat(row).contains("JOB | RUNNING | TIMEOUT | HEARTBEAT_TIMEOUT"
					+ " | TIMEOUT_WORKER"));
			s.trace("the timeout worker's pass", events.get(events.size() - 1).replaceAll(".* \\| ", ""));
			JsonNode loop = loop(call("GET", "/api/scheduler/status", null).json(), "timeout-worker");
			assertThat(loop.get("last_outcome").asString()).isEqualTo("OK");
			s.step("`GET /api/scheduler/status` shows the timeout worker's last pass.");
			call("POST", "/api/bots/" + bot + "/stop", "");
		}

		// ---- 4 -------------------------------------------------------------------------------------

		void crashes(GateReport.Section s) throws Exception {
			this.section = s;
			String bot = bot("gate-crashy", "SIM", "sim", "MES", ", \"breaker_max_failures\": 3");
			assertThat(call("POST", "/api/bots/" + bot + "/start", "").status()).isEqualTo(200);
			String first = awaitRunningInstance(bot, null);
			s.step("Started a SIM bot (breaker: 3 failures); it runs on the process's runner host.");
			assertThat(call("POST", "/api/bots/" + bot + "/simulate-crash", "").status()).isEqualTo(202);
			String second = awaitRunningInstance(bot, first);
			s.step("`POST /api/bots/{id}/simulate-crash`: the run loop threw; the supervisor restarted it (a new instance"
					+ " RUNNING) and logged a RESTART autonomy event.");
			assertThat(call("POST", "/api/bots/" + bot + "/simulate-crash", "").status()).isEqualTo(202);
			String third = awaitRunningInstance(bot, second);
			assertThat(call("POST", "/api/bots/" + bot + "/simulate-crash", "").status()).isEqualTo(202);
			Await.until(WAIT, "the breaker open",
					() -> "OPEN".equals(single("SELECT state FROM breaker_states WHERE bot_id = '" + bot + "'")));
			s.step("Crashed it twice more: the third failure in the window opened the breaker.");
			// Two supervisor wake-ups' worth of time: a restart would be a fourth instance.
			Await.until(Duration.ofSeconds(10), "the crashed instance settled", () -> "CRASHED".equals(
					single("SELECT state FROM runner_instances WHERE id = '" + third + "'")));
			JsonNode held = call("POST", "/api/bots/" + bot + "/safe-start-check?initiator=SUPERVISOR", "").json();
			assertThat(held.get("denials").findValuesAsString("code")).contains("CIRCUIT_OPEN");
			assertThat(single("SELECT count(*) FROM runner_instances WHERE bot_id = '" + bot + "'")).isEqualTo("3");
			s.step("No restart follows: three instances in all, and the supervisor's safe-start check answers"
					+ " `CIRCUIT_OPEN`.");
			List<String> restarts = rows("SELECT kind, cause, trace_id FROM autonomy_events WHERE bot_id = '" + bot
					+ "' AND kind IN ('RESTART', 'BREAKER_OPEN') ORDER BY at");
			assertThat(restarts).filteredOn((row) -> row.startsWith("RESTART")).hasSize(2);
			assertThat(restarts).filteredOn((row) -> row.startsWith("BREAKER_OPEN")).hasSize(1);
			s.trace("the breaker opening", restarts.get(restarts.size() - 1).replaceAll(".* \\| ", ""));
			rows("SELECT state, failures, opened_at FROM breaker_states WHERE bot_id = '" + bot + "'");
			rows("SELECT id, state, exit_reason FROM runner_instances WHERE bot_id = '" + bot + "' ORDER BY created_at");
			call("POST", "/api/bots/" + bot + "/stop", "");
		}

		// ---- 5 -------------------------------------------------------------------------------------

		void proofOfUse(GateReport.Section s) throws Exception {
			this.section = s;
			String bot = bot("gate-proof", "PAPER", "polygon", "AAPL", "");
			long before = Long.parseLong(single("SELECT count(*) FROM integration_usage_events WHERE provider = 'polygon'"));
			s.step("Counted Polygon's usage events: " + before + ". Created a PAPER bot on Polygon (AAPL), not started.");
			Http.Response probe = call("POST", "/api/bots/" + bot + "/data-probe", "");
			assertThat(probe.status()).isEqualTo(200);
			s.trace("the provider call", probe.json().get("trace_id").asString());
			s.step("`POST /api/bots/{id}/data-probe` made one call to Polygon's last trade as the bot (against the stub).");
			Await.until(WAIT, "the usage event written", () -> Long.parseLong(
					single("SELECT count(*) FROM integration_usage_events WHERE provider = 'polygon'")) > before);
			long after = Long.parseLong(single("SELECT count(*) FROM integration_usage_events WHERE provider = 'polygon'"));
			assertThat(after).isEqualTo(before + 1);
			s.step("`integration_usage_events` grew by one: " + before + " → " + after + ".");
			rows("SELECT provider, endpoint_name, bot_id, status, http_status, latency_ms, trace_id FROM integration_usage_events"
					+ " WHERE provider = 'polygon' AND bot_id = '" + bot + "'");
			JsonNode polygon = null;
			for (JsonNode view : call("GET", "/api/integrations/status", null).json().get("integrations")) {
				if (view.get("provider").asString().equals("polygon")) {
					polygon = view;
				}
			}
			assertThat(polygon).isNotNull();
			assertThat(polygon.get("last_used_at").isNull()).isFalse();
			assertThat(polygon.get("last_used_by_bot_id").asString()).isEqualTo(bot);
			s.step("`GET /api/integrations/status` shows Polygon's `last_used_at` = " + polygon.get("last_used_at").asString()
					+ " and `last_used_by_bot_id` = that bot.");
		}

		// ---- 6 -------------------------------------------------------------------------------------

		void suppressions(GateReport.Section s) throws Exception {
			this.section = s;
			String risk = bot("gate-risk", "SIM", "sim", "MES", """
					, "strategy_params": {"fast_period": 2, "slow_period": 3, "bar_seconds": 5, "quantity": 2,
					   "cooldown_seconds": 0}, "risk_limits": {"max_order_qty": 1}""");
			// An hour of the night in the exchange's zone (Chicago for MES), or of the morning if that is now.
			boolean night = LocalTime.now(ZoneId.of("America/Chicago")).getHour() != 3;
			String window = ", \"trading_window\": {\"start\": \"%s\", \"end\": \"%s\"}"
				.formatted(night ? "03:00" : "10:00", night ? "04:00" : "11:00");
			String session = bot("gate-session", "SIM", "sim", "MES", window);
			ProviderStubs.DATABENTO_LIVE.silent(true);
			ProviderStubs.WIREMOCK.stubFor(get(urlPathEqualTo("/polygon/v2/last/trade/SPY")).atPriority(1)
				.willReturn(aResponse().withStatus(503).withBody("{\"status\":\"ERROR\"}")));
			String data = bot("gate-data", "PAPER", "databento", "SPY", ", \"fallback_provider\": \"polygon\"");
			s.step("Created three bots with `session_mode=ALWAYS`: a SIM bot ordering 2 contracts with `max_order_qty` 1;"
					+ " a SIM bot whose trading window " + window.replaceAll(".*\\{|}", "") + " (Chicago) excludes now;"
					+ " a PAPER bot on Databento (fallback Polygon) whose stubs went silent (the live gateway sends"
					+ " nothing, Polygon answers 503).");
			for (String bot : List.of(risk, session, data)) {
				Http.Response started = call("POST", "/api/bots/" + bot + "/start", "");
				assertThat(started.status()).as(started.body()).isEqualTo(200);
			}
			s.step("Started all three.");
			Map<String, String> expected = new java.util.LinkedHashMap<>();
			expected.put(risk, "RISK_BLOCK");
			expected.put(data, "DATA_MISSING");
			expected.put(session, "OUTSIDE_SESSION");
			for (Map.Entry<String, String> entry : expected.entrySet()) {
				String type = entry.getValue();
				String path = "/api/bots/" + entry.getKey() + "/no-trade-traces?type=" + type;
				Await.until(Duration.ofSeconds(120), "a " + type + " no-trade trace",
						() -> !this.http.get(path).json().get("traces").isEmpty());
				JsonNode trace = call("GET", path, null).json().get("traces").get(0);
				assertThat(trace.get("suppression_type").asString()).isEqualTo(type);
				assertThat(trace.get("trace_id").asString()).hasSize(32);
				s.trace(type, trace.get("trace_id").asString());
				s.step("A `" + type + "` no-trade trace: \"" + trace.get("suppression_reason").asString() + "\".");
			}
			rows("SELECT DISTINCT ON (b.name) b.name, t.suppression_type, t.suppression_reason, t.would_have_traded, t.mode,"
					+ " t.trace_id FROM no_trade_traces t JOIN bots b ON b.id = t.bot_id WHERE (b.name, t.suppression_type) IN"
					+ " (('gate-risk', 'RISK_BLOCK'), ('gate-data', 'DATA_MISSING'), ('gate-session', 'OUTSIDE_SESSION'))"
					+ " ORDER BY b.name, t.decision_time");
			assertThat(single("SELECT count(*) FROM orders o JOIN bots b ON b.id = o.bot_id WHERE b.name = 'gate-risk'"))
				.as("the risk-blocked bot placed nothing").isEqualTo("0");
			for (String bot : List.of(risk, session, data)) {
				call("POST", "/api/bots/" + bot + "/stop", "");
			}
			ProviderStubs.reset();
		}

		// ---- the endpoint tour ---------------------------------------------------------------------

		/** One read of each endpoint the six tests did not call, so that the report has an example of each. */
		void tour(GateReport.Section tour) {
			this.section = tour;
			String bot = single("SELECT id FROM bots WHERE name = 'gate-risk'");
			for (String path : List.of("/actuator/health", "/api/integrations/catalog", "/api/integrations/status",
					"/api/accounts", "/api/bots", "/api/bots/" + bot, "/api/bots/" + bot + "/instances",
					"/api/bots/" + bot + "/jobs", "/api/bots/" + bot + "/events?limit=5", "/api/bots/" + bot + "/autonomy",
					"/api/bots/" + bot + "/decision-traces?limit=3", "/api/bots/" + bot + "/variables",
					"/api/variables", "/api/integrations/usage?limit=3", "/api/integrations/polygon/usage/summary?window=24h",
					"/api/integrations/sim/variables/top", "/api/scheduler/status", "/api/system/status",
					"/api/system/status/history?limit=5", "/api/system/debug-bundle")) {
				call("GET", path, null);
			}
		}

		// ---- helpers -------------------------------------------------------------------------------

		private Http.Response call(String method, String path, String body) {
			Http.Response response = method.equals("GET") ? this.http.get(path)
					: this.http.post(path, body, "Content-Type", "application/json");
			this.section.exchanges.add(new GateReport.Exchange(method, path, (body != null) ? body : "",
					response.status(), response.body()));
			return response;
		}

		private String bot(String name, String mode, String data, String symbol, String extra) {
			String account = "";
			if (!mode.equals("SIM")) {
				String id = call("POST", "/api/accounts", """
						{"broker": "paper", "external_id": "%s", "name": "%s", "mode": "PAPER"}""".formatted(name, name))
					.json().get("id").asString();
				account = ", \"account_id\": \"" + id + "\"";
			}
			Http.Response created = call("POST", "/api/bots", """
					{"name": "%s", "mode": "%s", "instruments": ["%s"], "data_provider": "%s",
					 "strategy_key": "ema_crossover", "session_mode": "ALWAYS"%s%s}""".formatted(name, mode, symbol, data,
					account, extra));
			assertThat(created.status()).as(created.body()).isEqualTo(201);
			return created.json().get("id").asString();
		}

		private String awaitRunningInstance(String bot, String previous) {
			String[] found = new String[1];
			Await.until(WAIT, "a RUNNING instance" + ((previous != null) ? " other than " + previous : ""), () -> {
				found[0] = single("SELECT id FROM runner_instances WHERE bot_id = '" + bot + "' AND state = 'RUNNING'"
						+ ((previous != null) ? " AND id <> '" + previous + "'" : "") + " LIMIT 1");
				return found[0] != null;
			});
			return found[0];
		}

		/** Waits for an OK verdict; a timeout says what the verdict was instead. */
		private void awaitOk() {
			JsonNode[] last = new JsonNode[1];
			try {
				Await.until(WAIT, "the verdict OK", () -> {
					last[0] = this.http.get("/api/system/status").json();
					return "OK".equals(last[0].get("system_status").asString());
				});
			}
			catch (AssertionError ex) {
				throw new AssertionError("The verdict did not become OK: " + last[0].get("system_status").asString()
						+ " blockers " + last[0].get("blockers") + " degraded " + last[0].get("degraded"), ex);
			}
		}

		private JsonNode finding(JsonNode findings, String code) {
			for (JsonNode finding : findings) {
				if (finding.get("code").asString().equals(code)) {
					return finding;
				}
			}
			throw new AssertionError("no " + code + " in " + findings);
		}

		private JsonNode loop(JsonNode scheduler, String name) {
			for (JsonNode loop : scheduler.get("loops")) {
				if (loop.get("name").asString().equals(name)) {
					return loop;
				}
			}
			throw new AssertionError("no loop " + name);
		}

		private void screenshot(String path, String verdict, String name) throws IOException {
			this.browser.go(base() + path);
			this.browser.await(WAIT, "the " + verdict + " banner",
					(d) -> verdict.equals(d.findElement(By.id("system-status")).getText()));
			this.browser.await(WAIT, "the tab loaded",
					(d) -> !d.findElements(By.cssSelector("#page-tabs-panel [data-tab-loaded]")).isEmpty());
			shoot(name);
		}

		private void shoot(String name) throws IOException {
			Files.createDirectories(SCREENSHOTS);
			Files.write(SCREENSHOTS.resolve(name + ".png"),
					this.browser.driver().getScreenshotAs(org.openqa.selenium.OutputType.BYTES));
			this.section.screenshots.add(name + ".png");
		}

		private String base() {
			return "http://127.0.0.1:" + this.app.port();
		}

		private void sql(String statement) throws SQLException {
			try (Connection connection = DriverManager.getConnection(this.jdbcUrl);
					Statement st = connection.createStatement()) {
				st.executeUpdate(statement);
			}
		}

		private String single(String query) {
			try (Connection connection = DriverManager.getConnection(this.jdbcUrl);
					Statement st = connection.createStatement();
					ResultSet rs = st.executeQuery(query)) {
				return rs.next() ? rs.getString(1) : null;
			}
			catch (SQLException ex) {
				throw new IllegalStateException(ex);
			}
		}

		/** Runs {@code query}, records its rows in the report, and returns them as "a | b | c" lines. */
		private List<String> rows(String query) throws SQLException {
			List<String> found = new ArrayList<>();
			try (Connection connection = DriverManager.getConnection(this.jdbcUrl);
					Statement st = connection.createStatement();
					ResultSet rs = st.executeQuery(query)) {
				int columns = rs.getMetaData().getColumnCount();
				while (rs.next()) {
					List<String> values = new ArrayList<>();
					for (int i = 1; i <= columns; i++) {
						values.add(String.valueOf(rs.getString(i)));
					}
					found.add(String.join(" | ", values));
				}
			}
			this.section.rows(query, found);
			return found;
		}

	}

}
