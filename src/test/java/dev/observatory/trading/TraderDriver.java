package dev.observatory.trading;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import dev.observatory.bots.BotService;
import dev.observatory.test.Await;
import dev.observatory.test.Http;
import dev.observatory.trading.risk.RiskEngine;

import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Drives bots' traders step by step over simulated time (one step per simulated second), against
 * the application's real risk engine, venue, ledger and traces: time is the test's, not the clock's.
 */
final class TraderDriver {

	private final Http http;

	private final JdbcClient jdbc;

	private final RiskEngine risk;

	private final TradingRuntime trading;

	private final BotService bots;

	TraderDriver(Http http, JdbcClient jdbc, RiskEngine risk, TradingRuntime trading, BotService bots) {
		this.http = http;
		this.jdbc = jdbc;
		this.risk = risk;
		this.trading = trading;
		this.bots = bots;
	}

	/** Creates a bot through the API and waits until the risk engine holds its limits. */
	UUID create(String body) {
		Http.Response created = this.http.post("/api/bots", body, "Content-Type", "application/json");
		assertThat(created.status()).as(created.body()).isEqualTo(201);
		long version = this.jdbc.sql("SELECT version FROM risk_limits_epoch").query(Long.class).single();
		Await.until(Duration.ofSeconds(10), "the risk engine holding the new limits", () -> {
			Long held = this.risk.connection().version();
			return held != null && held >= version;
		});
		return UUID.fromString(created.json().get("id").asString());
	}

	/** Runs one trader of the bot (seed 42, a lively SIM walk) from {@code from} for {@code seconds}. */
	void run(UUID bot, Instant from, int seconds) {
		BotTrader trader = this.trading.open(this.bots.get(bot), UUID.randomUUID(), 42, 0.002);
		Instant now = from;
		for (int i = 0; i < seconds; i++) {
			trader.step(now);
			now = now.plusSeconds(1);
		}
		trader.close(now);
	}

}
