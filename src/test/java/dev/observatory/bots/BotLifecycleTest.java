package dev.observatory.bots;

import java.util.List;

import dev.observatory.test.Http;
import dev.observatory.test.ObservatoryTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/** Start and stop through the API (local mode: the caller is the local ADMIN), and what they leave. */
@ObservatoryTest
class BotLifecycleTest {

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
	void aSimBotStartsIntoAPendingInstanceAndStopsWithEveryStepLogged() {
		String id = create("life-sim", "SIM");
		Http.Response started = post("/api/bots/" + id + "/start");
		assertThat(started.status()).as(started.body()).isEqualTo(200);
		assertThat(started.json().get("state").asString()).isEqualTo("STARTING");
		assertThat(started.json().get("desired_state").asString()).isEqualTo("RUNNING");
		JsonNode instances = this.http.get("/api/bots/" + id + "/instances").json().get("instances");
		assertThat(instances).hasSize(1);
		assertThat(instances.get(0).get("state").asString()).isEqualTo("PENDING");
		assertThat(post("/api/bots/" + id + "/start").json().get("error_code").asString())
			.as("a starting bot cannot start again").isEqualTo("INVALID_TRANSITION");

		Http.Response stopped = post("/api/bots/" + id + "/stop");
		assertThat(stopped.json().get("state").asString()).isEqualTo("STOPPED");
		assertThat(stopped.json().get("desired_state").asString()).isEqualTo("STOPPED");
		assertThat(this.http.get("/api/bots/" + id + "/instances").json().get("instances").get(0).get("state").asString())
			.isEqualTo("TERMINATED");
		JsonNode events = this.http.get("/api/bots/" + id + "/events").json().get("events");
		assertThat(events.findValuesAsString("kind")).containsExactly("BOT:STARTING>STOPPED",
				"INSTANCE:PENDING>TERMINATED", "BOT:STOPPED>STARTING");
		for (JsonNode event : events) {
			assertThat(event.get("actor").asString()).startsWith("USER:");
			assertThat(event.get("trace_id").asString()).isNotBlank();
		}
		assertThat(this.jdbc.sql("SELECT count(*) FROM audit_events WHERE target = ? AND action IN ('START_BOT', 'STOP_BOT')")
			.param(id)
			.query(Long.class)
			.single()).isEqualTo(2);
	}

	@Test
	void theGateRefusesWhatItCannotVouchForAndLeavesAKilledBotKilled() {
		this.jdbc.sql("""
				INSERT INTO accounts (id, broker, external_id, name, mode, created_at)
				VALUES ('00000000-0000-0000-0000-0000000000a1', 'paper', 'P1', 'paper', 'PAPER', now())""").update();
		String paper = createBody("""
				{"name": "life-paper", "mode": "PAPER", "instruments": ["MES"], "data_provider": "databento",
				 "account_id": "00000000-0000-0000-0000-0000000000a1", "strategy_key": "ema_crossover"}""");
		Http.Response denied = post("/api/bots/" + paper + "/start");
		assertThat(denied.status()).isEqualTo(409);
		// No key for its data: this context has none.
		assertThat(denied.json().get("error_code").asString()).isEqualTo("INTEGRATION_KEY_MISSING");
		assertThat(denied.json().get("reasons").findValuesAsString("code")).containsExactly("INTEGRATION_KEY_MISSING");
		assertThat(denied.json().get("reasons").findValuesAsString("message")).anySatisfy(
				(message) -> assertThat(message).startsWith("DATABENTO_API_KEY missing"));
		assertThat(denied.json().get("trace_id").asString()).isNotBlank();
		assertThat(state(paper)).as("a refused start leaves the bot BLOCKED with the reason").isEqualTo("BLOCKED");
		assertThat(this.jdbc.sql("SELECT desired_state FROM bots WHERE id = ?::uuid").param(paper).query(String.class).single())
			.as("and not enabled").isEqualTo("STOPPED");
		assertThat(this.http.get("/api/bots/" + paper + "/instances").json().get("instances")).isEmpty();
		assertThat(this.http.get("/api/bots/" + paper + "/events").json().get("events").findValuesAsString("kind"))
			.contains("START_REFUSED", "BOT:STARTING>BLOCKED", "BOT:STOPPED>STARTING");
		assertThat(this.jdbc.sql("SELECT reason_code FROM job_run_events WHERE bot_id = ?::uuid AND to_state = 'BLOCKED'")
			.param(paper).query(String.class).single()).isEqualTo("INTEGRATION_KEY_MISSING");

		String killed = create("life-killed", "SIM");
		this.jdbc.sql("UPDATE bots SET state = 'KILLED' WHERE id = ?::uuid").param(killed).update();
		Http.Response refused = post("/api/bots/" + killed + "/start");
		assertThat(refused.json().get("error_code").asString()).isEqualTo("BOT_KILLED");
		assertThat(refused.json().get("reasons").findValuesAsString("code")).containsExactly("BOT_KILLED");
		assertThat(state(killed)).isEqualTo("KILLED");
		assertThat(post("/api/bots/" + killed + "/stop").json().get("error_code").asString())
			.as("stop is not an unkill").isEqualTo("INVALID_TRANSITION");
		assertThat(state(killed)).isEqualTo("KILLED");
	}

	@Test
	void eventsArePagedNewestFirstWithoutRepeats() {
		String id = create("life-pages", "SIM");
		post("/api/bots/" + id + "/start");
		post("/api/bots/" + id + "/stop");
		post("/api/bots/" + id + "/start");
		List<String> seen = new java.util.ArrayList<>();
		String cursor = null;
		do {
			JsonNode page = this.http.get("/api/bots/" + id + "/events?limit=2" + ((cursor != null) ? "&cursor=" + cursor : ""))
				.json();
			seen.addAll(page.get("events").findValuesAsString("id"));
			cursor = page.get("next_cursor").isNull() ? null : page.get("next_cursor").asString();
		}
		while (cursor != null);
		assertThat(seen).hasSize(4).doesNotHaveDuplicates();
		assertThat(this.http.get("/api/bots/" + id + "/events?cursor=garbage").status()).isEqualTo(400);
		assertThat(this.http.get("/api/bots/" + id + "/events?limit=0").status()).isEqualTo(400);
		assertThat(this.http.get("/api/bots/00000000-0000-0000-0000-000000000000/events").status()).isEqualTo(404);
	}

	private String create(String name, String mode) {
		return createBody("""
				{"name": "%s", "mode": "%s", "instruments": ["MES"], "data_provider": "sim",
				 "strategy_key": "ema_crossover", "session_mode": "ALWAYS"}""".formatted(name, mode));
	}

	private String createBody(String body) {
		Http.Response created = this.http.post("/api/bots", body, "Content-Type", "application/json");
		assertThat(created.status()).as(created.body()).isEqualTo(201);
		return created.json().get("id").asString();
	}

	private Http.Response post(String path) {
		return this.http.post(path, "", "Content-Type", "application/json");
	}

	private String state(String id) {
		return this.jdbc.sql("SELECT state FROM bots WHERE id = ?::uuid").param(id).query(String.class).single();
	}

}
