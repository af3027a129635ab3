package dev.observatory.test;

import static org.assertj.core.api.Assertions.assertThat;

/** Bots made through the public API for black-box tests: an EMA-crossover bot, `session_mode=ALWAYS`. */
public final class TestBots {

	private TestBots() {
	}

	/**
	 * Creates a bot; a PAPER one gets a paper account of its own (named after the bot).
	 *
	 * @return the bot's id
	 */
	public static String create(Http http, String name, String mode, String dataProvider, String symbol) {
		String account = "";
		if (!mode.equals("SIM")) {
			Http.Response created = http.post("/api/accounts", """
					{"broker": "paper", "external_id": "%s", "name": "%s", "mode": "PAPER"}""".formatted(name, name),
					"Content-Type", "application/json");
			assertThat(created.status()).as(created.body()).isEqualTo(201);
			account = ", \"account_id\": \"" + created.json().get("id").asString() + "\"";
		}
		Http.Response created = http.post("/api/bots", """
				{"name": "%s", "mode": "%s", "instruments": ["%s"], "data_provider": "%s",
				 "strategy_key": "ema_crossover", "session_mode": "ALWAYS"%s}""".formatted(name, mode, symbol, dataProvider,
				account), "Content-Type", "application/json");
		assertThat(created.status()).as(created.body()).isEqualTo(201);
		return created.json().get("id").asString();
	}

}
