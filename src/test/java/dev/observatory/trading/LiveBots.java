package dev.observatory.trading;

import java.util.List;
import java.util.UUID;

import dev.observatory.test.Http;
import tools.jackson.databind.JsonNode;

import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/** LIVE bots on a broker's account, made through the public API, and what their safe-start check and calls say. */
final class LiveBots {

	private final Http http;

	private final JdbcClient jdbc;

	LiveBots(Http http, JdbcClient jdbc) {
		this.http = http;
		this.jdbc = jdbc;
	}

	/** An EMA-crossover LIVE bot on MES with Databento data, on the broker's account {@code externalId} (made once). */
	UUID create(String broker, String name, String externalId) {
		Http.Response account = this.http.post("/api/accounts", """
				{"broker": "%s", "external_id": "%s", "name": "%s", "mode": "LIVE"}""".formatted(broker, externalId, name),
				"Content-Type", "application/json");
		String accountId = (account.status() == 201) ? account.json().get("id").asString()
				: this.jdbc.sql("SELECT id::text FROM accounts WHERE broker = ? AND external_id = ?")
					.params(broker, externalId).query(String.class).single();
		Http.Response created = this.http.post("/api/bots", """
				{"name": "%s", "mode": "LIVE", "is_trading_enabled": true, "instruments": ["MES"],
				 "data_provider": "databento", "account_id": "%s", "strategy_key": "ema_crossover"}""".formatted(name,
				accountId), "Content-Type", "application/json");
		assertThat(created.status()).as(created.body()).isEqualTo(201);
		return UUID.fromString(created.json().get("id").asString());
	}

	/** The bot's own denials; whether the shared context's system is DEGRADED is not these tests'. */
	List<String> denials(UUID bot) {
		return check(bot).findValuesAsString("code").stream().filter((code) -> !code.startsWith("SYSTEM_")).toList();
	}

	JsonNode denial(UUID bot, String code) {
		for (JsonNode denial : check(bot)) {
			if (denial.get("code").asString().equals(code)) {
				return denial;
			}
		}
		throw new AssertionError("no " + code + " among " + check(bot));
	}

	/** The endpoints of the usage events recorded with the bot's id. */
	List<String> endpoints(UUID bot) {
		return this.jdbc.sql("SELECT DISTINCT endpoint_name FROM integration_usage_events WHERE bot_id = ?").param(bot)
			.query(String.class).list();
	}

	private JsonNode check(UUID bot) {
		Http.Response response = this.http.post("/api/bots/" + bot + "/safe-start-check", "");
		assertThat(response.status()).as(response.body()).isEqualTo(200);
		return response.json().get("denials");
	}

}
