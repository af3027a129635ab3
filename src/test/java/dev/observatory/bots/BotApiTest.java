package dev.observatory.bots;

import java.util.Map;

import dev.observatory.common.secrets.Env;
import dev.observatory.test.Http;
import dev.observatory.test.ObservatoryTest;
import dev.observatory.test.Tokens;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/** Accounts and bots through the API, with token roles: validation, LIVE needs ADMIN, edits, delete. */
@ObservatoryTest
@Import(BotApiTest.Roles.class)
class BotApiTest {

	static final Tokens VIEWER = Tokens.random("VIEWER");

	static final Tokens OPERATOR = Tokens.random("OPERATOR");

	static final Tokens ADMIN = Tokens.random("ADMIN");

	static final String JSON = "application/json";

	@LocalServerPort
	int port;

	@Autowired
	JdbcClient jdbc;

	Http http;

	@BeforeEach
	void setUp() {
		this.http = new Http("http://127.0.0.1:" + this.port);
	}

	@Test
	void anOperatorCreatesASimBotWithDefaultsFilledIn() {
		Http.Response created = post("/api/bots", simBot("sim-alpha"), OPERATOR);
		assertThat(created.status()).as(created.body()).isEqualTo(201);
		JsonNode bot = created.json();
		assertThat(bot.get("state").asString()).isEqualTo("STOPPED");
		assertThat(bot.get("desired_state").asString()).isEqualTo("STOPPED");
		assertThat(bot.get("strategy_params").get("fast_period").asInt()).isEqualTo(9);
		assertThat(bot.get("strategy_params").get("slow_period").asInt()).isEqualTo(21);
		assertThat(bot.get("session_mode").asString()).isEqualTo("ALWAYS");
		assertThat(bot.get("kill_action").asString()).isEqualTo("CANCEL");
		assertThat(bot.get("breaker_max_failures").asInt()).isEqualTo(3);
		assertThat(bot.get("breaker_window_minutes").asInt()).isEqualTo(30);
		String id = bot.get("id").asString();
		assertThat(get("/api/bots/" + id, VIEWER).json().get("name").asString()).isEqualTo("sim-alpha");
		assertThat(get("/api/bots", VIEWER).json().get("bots").findValuesAsString("name")).contains("sim-alpha");
		assertThat(this.jdbc.sql("SELECT outcome FROM audit_events WHERE action = 'CREATE_BOT' AND target = ?")
			.param(id)
			.query(String.class)
			.single()).isEqualTo("SUCCESS");
		assertThat(post("/api/bots", simBot("sim-alpha"), OPERATOR).json().get("error_code").asString())
			.isEqualTo("BOT_NAME_TAKEN");
	}

	@Test
	void badInputIsOne400ListingEveryField() {
		Http.Response response = post("/api/bots", """
				{"name": "bad", "mode": "LIVE", "instruments": ["es fut"], "data_provider": "sim",
				 "strategy_key": "ema_crossover", "strategy_params": {"fast_period": 50, "slow_period": 20, "x": 1},
				 "session_mode": "ALWAYS", "risk_limits": {"max_daily_loss": -5}, "kill_action": "PANIC"}""", ADMIN);
		assertThat(response.status()).isEqualTo(400);
		JsonNode problem = response.json();
		assertThat(problem.get("error_code").asString()).isEqualTo("VALIDATION_FAILED");
		assertThat(problem.get("trace_id").asString()).isNotBlank();
		assertThat(problem.get("errors").findValuesAsString("field")).contains("instruments", "data_provider",
				"account_id", "strategy_params.x", "strategy_params.fast_period", "session_mode",
				"risk_limits.max_daily_loss", "kill_action");
		assertThat(post("/api/bots", simBot("x").replace("ema_crossover", "martingale"), OPERATOR).json()
			.get("errors").findValuesAsString("field")).containsExactly("strategy_key");
		assertThat(post("/api/bots", """
				{"name": "market", "mode": "PAPER", "instruments": ["ES", "TSLA"], "data_provider": "polygon",
				 "strategy_key": "ema_crossover", "trading_window": {"start": "9:30", "end": "11:00"}}""", OPERATOR)
			.json()
			.get("errors")).extracting((error) -> error.get("field").asString() + ": " + error.get("message").asString())
			.containsExactly("instruments: unknown instrument(s) [TSLA]; known: " + dev.observatory.trading.Instruments.symbols(),
					"data_provider: polygon does not cover ES; Polygon serves futures only through its beta API,"
							+ " as a fallback, with POLYGON_FUTURES_BETA=true",
					"trading_window: start and end are exchange times as HH:MM, e.g. 09:30");
		assertThat(post("/api/bots", simBot("sim-on-real-data").replace("\"sim\"", "\"databento\""), OPERATOR).json()
			.get("errors").findValuesAsString("message")).containsExactly(
					"a SIM bot runs on the SIM feed (sim); use PAPER for real data with paper fills");
		assertThat(post("/api/bots", "[1, 2]", OPERATOR).status()).isEqualTo(400);
		assertThat(post("/api/bots", "{not json", OPERATOR).status()).isEqualTo(400);
		assertThat(get("/api/bots/not-a-uuid", VIEWER).status()).isEqualTo(400);
		assertThat(get("/api/bots/00000000-0000-0000-0000-000000000000", VIEWER).json().get("error_code").asString())
			.isEqualTo("BOT_NOT_FOUND");
	}

	@Test
	void liveAccountsAndBotsNeedAnAdmin() {
		String account = """
				{"broker": "tradovate", "external_id": "LIVE-1", "name": "Desk live", "mode": "LIVE"}""";
		Http.Response refused = post("/api/accounts", account, OPERATOR);
		assertThat(refused.status()).isEqualTo(403);
		assertThat(refused.json().get("error_code").asString()).isEqualTo("FORBIDDEN");
		Http.Response created = post("/api/accounts", account, ADMIN);
		assertThat(created.status()).as(created.body()).isEqualTo(201);
		String accountId = created.json().get("id").asString();
		assertThat(post("/api/accounts", account, ADMIN).json().get("error_code").asString()).isEqualTo("ACCOUNT_EXISTS");
		assertThat(post("/api/accounts", """
				{"broker": "sim", "external_id": "S", "name": "s", "mode": "LIVE"}""", ADMIN).status()).isEqualTo(400);

		String liveBot = """
				{"name": "live-es", "mode": "LIVE", "instruments": ["ES"], "data_provider": "databento",
				 "account_id": "%s", "strategy_key": "ema_crossover",
				 "risk_limits": {"max_position": 2, "max_daily_loss": 1500}}""".formatted(accountId);
		assertThat(post("/api/bots", liveBot, OPERATOR).status()).isEqualTo(403);
		assertThat(this.jdbc.sql("SELECT count(*) FROM bots WHERE name = 'live-es'").query(Long.class).single()).isZero();
		Http.Response live = post("/api/bots", liveBot, ADMIN);
		assertThat(live.status()).as(live.body()).isEqualTo(201);
		String id = live.json().get("id").asString();
		assertThat(send("PATCH", "/api/bots/" + id, "{\"is_trading_enabled\": true}", OPERATOR).status()).isEqualTo(403);
		Http.Response enabled = send("PATCH", "/api/bots/" + id, "{\"is_trading_enabled\": true}", ADMIN);
		assertThat(enabled.json().get("is_trading_enabled").asBoolean()).isTrue();
		assertThat(enabled.json().get("risk_limits").get("max_daily_loss").asInt()).isEqualTo(1500);
		assertThat(this.jdbc.sql("SELECT count(*) FROM audit_events WHERE action = 'UPDATE_BOT' AND outcome = 'DENIED'")
			.query(Long.class)
			.single()).isPositive();
	}

	@Test
	void anOperatorEditsAndDeletesAStoppedSimBotButCannotTurnItLive() {
		String id = post("/api/bots", simBot("sim-edit"), OPERATOR).json().get("id").asString();
		Http.Response edited = send("PATCH", "/api/bots/" + id,
				"{\"strategy_params\": {\"fast_period\": 5, \"slow_period\": 50}, \"kill_action\": \"FLATTEN\"}", OPERATOR);
		assertThat(edited.status()).as(edited.body()).isEqualTo(200);
		assertThat(edited.json().get("strategy_params").get("fast_period").asInt()).isEqualTo(5);
		assertThat(edited.json().get("kill_action").asString()).isEqualTo("FLATTEN");
		assertThat(edited.json().get("instruments").get(0).asString()).as("untouched fields stay").isEqualTo("MES");
		assertThat(send("PATCH", "/api/bots/" + id, "{\"mode\": \"LIVE\"}", OPERATOR).status()).isIn(400, 403);
		assertThat(send("PATCH", "/api/bots/" + id, "{\"state\": \"RUNNING\"}", OPERATOR).json().get("state").asString())
			.as("state is the server's, never the client's").isEqualTo("STOPPED");
		assertThat(send("PATCH", "/api/bots/" + id, "{\"colour\": \"red\"}", OPERATOR).status()).isEqualTo(400);
		assertThat(send("DELETE", "/api/bots/" + id, "", VIEWER).status()).isEqualTo(403);
		this.jdbc.sql("UPDATE bots SET state = 'RUNNING', desired_state = 'RUNNING' WHERE id = ?::uuid").param(id).update();
		assertThat(send("DELETE", "/api/bots/" + id, "", OPERATOR).json().get("error_code").asString())
			.isEqualTo("BOT_NOT_STOPPED");
		this.jdbc.sql("UPDATE bots SET state = 'STOPPED', desired_state = 'STOPPED' WHERE id = ?::uuid").param(id).update();
		assertThat(send("DELETE", "/api/bots/" + id, "", OPERATOR).status()).isEqualTo(204);
		assertThat(get("/api/bots/" + id, VIEWER).status()).isEqualTo(404);
	}

	private static String simBot(String name) {
		return """
				{"name": "%s", "mode": "SIM", "instruments": ["MES"], "data_provider": "sim",
				 "strategy_key": "ema_crossover", "session_mode": "ALWAYS"}""".formatted(name);
	}

	private Http.Response post(String path, String body, Tokens who) {
		return this.http.post(path, body, "Content-Type", JSON, "Authorization", who.bearer());
	}

	private Http.Response send(String method, String path, String body, Tokens who) {
		return this.http.send(method, path, java.net.http.HttpRequest.BodyPublishers.ofString(body), "Content-Type", JSON,
				"Authorization", who.bearer());
	}

	private Http.Response get(String path, Tokens who) {
		return this.http.get(path, "Authorization", who.bearer());
	}

	@TestConfiguration(proxyBeanMethods = false)
	static class Roles {

		@Bean
		@Primary
		Env tokenEnv() {
			return Env.of(Map.of("OBSERVATORY_API_TOKENS", VIEWER.entry() + "," + OPERATOR.entry() + "," + ADMIN.entry()));
		}

	}

}
