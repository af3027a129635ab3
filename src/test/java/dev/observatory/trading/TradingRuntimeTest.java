package dev.observatory.trading;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.observatory.bots.BotService;
import dev.observatory.test.Await;
import dev.observatory.test.Http;
import dev.observatory.test.ObservatoryTest;
import dev.observatory.trading.risk.RiskEngine;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Bots trade for real inside their runs: the trader is driven step by step over simulated time
 * (one step per second of a Wednesday), against the real risk engine, paper venue, ledger and
 * traces, and everything it leaves is read back through the API and the database.
 */
@ObservatoryTest
class TradingRuntimeTest {

	/** Wednesday 2026-11-25 15:00 UTC: 09:00 in Chicago, 10:00 in New York. */
	private static final Instant WEDNESDAY = Instant.parse("2026-11-25T15:00:00Z");

	@LocalServerPort
	int port;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	TradingRuntime trading;

	@Autowired
	BotService bots;

	@Autowired
	RiskEngine risk;

	Http http;

	TraderDriver driver;

	@BeforeEach
	void setUp() {
		this.http = new Http("http://127.0.0.1:" + this.port);
		this.driver = new TraderDriver(this.http, this.jdbc, this.risk, this.trading, this.bots);
	}

	@Test
	void aSimBotTradesOnTheSimFeedAndEverythingItLeavesIsLabelledSimulated() {
		UUID bot = create("trades", """
				"strategy_params": {"fast_period": 2, "slow_period": 3, "bar_seconds": 5, "cooldown_seconds": 0},
				"risk_limits": {"max_orders_per_minute": 100}""");
		run(bot, WEDNESDAY, 1800);

		List<Map<String, Object>> trades = this.jdbc.sql("""
				SELECT t.direction, t.quantity, t.entry_price, t.exit_price, t.realized_pnl, t.mode, t.data_source
				FROM trade_log t WHERE t.bot_id = ? AND t.status = 'CLOSED'""").param(bot).query().listOfRows();
		assertThat(trades).as("closed trades").hasSizeGreaterThan(2);
		for (Map<String, Object> trade : trades) {
			BigDecimal points = ((BigDecimal) trade.get("exit_price")).subtract((BigDecimal) trade.get("entry_price"));
			BigDecimal expected = points.multiply((BigDecimal) trade.get("quantity"))
				.multiply(new BigDecimal("5"))
				.multiply("LONG".equals(trade.get("direction")) ? BigDecimal.ONE : BigDecimal.ONE.negate());
			assertThat((BigDecimal) trade.get("realized_pnl")).as("MES: 5 USD a point").isEqualByComparingTo(expected);
			assertThat(trade).containsEntry("mode", "SIM").containsEntry("data_source", "sim");
		}
		assertThat(this.jdbc.sql("SELECT bool_and(simulated) AND bool_and(mode = 'SIM') FROM fills WHERE bot_id = ?")
			.param(bot).query(Boolean.class).single()).as("paper fills on SIM data").isTrue();
		assertThat(this.jdbc.sql("SELECT count(*) FROM orders WHERE bot_id = ? AND status = 'FILLED'").param(bot)
			.query(Integer.class).single()).isEqualTo(2 * trades.size()
					+ this.jdbc.sql("SELECT count(*) FROM trade_log WHERE bot_id = ? AND status = 'OPEN'").param(bot)
						.query(Integer.class).single());

		JsonNode decisions = this.http.get("/api/bots/" + bot + "/decision-traces?limit=200").json().get("traces");
		assertThat(decisions.findValuesAsString("action")).contains("ENTER", "EXIT");
		JsonNode enter = java.util.stream.StreamSupport.stream(decisions.spliterator(), false)
			.filter((t) -> t.get("action").asString().equals("ENTER"))
			.findFirst()
			.orElseThrow();
		assertThat(enter.get("label").asString()).isEqualTo("SIMULATED");
		assertThat(enter.get("data_source").asString()).isEqualTo("sim");
		assertThat(enter.get("reasons").get(0).get("rule").asString()).startsWith("EMA_CROSS_");
		assertThat(enter.get("signals_snapshot_safe_json").has("ema_fast")).isTrue();
		assertThat(enter.get("trade_log_id").asString()).isNotBlank();
		assertThat(this.jdbc.sql("SELECT count(*) FROM trade_log WHERE id = ?::uuid")
			.param(enter.get("trade_log_id").asString()).query(Integer.class).single()).as("the trace names its trade").isOne();

		JsonNode variables = this.http.get("/api/bots/" + bot + "/variables?window=30d").json();
		assertThat(variables.get("label").asString()).isEqualTo("SIMULATED");
		assertThat(variables.get("variables").findValuesAsString("variable")).contains("ema_fast", "ema_slow",
				"position_qty");
		long emaReads = java.util.stream.StreamSupport.stream(variables.get("variables").spliterator(), false)
			.filter((v) -> v.get("variable").asString().equals("ema_fast"))
			.mapToLong((v) -> v.get("reads").asLong())
			.sum();
		assertThat(emaReads).as("one read per evaluated bar, rolled up (1800 s / 5 s bars)").isBetween(300L, 360L);
		assertThat(this.jdbc.sql("SELECT count(*) FROM variable_access_minute WHERE bot_id = ?").param(bot)
			.query(Integer.class).single()).as("rows per variable x provider x minute, not per read").isLessThan(5 * 31);
		JsonNode top = this.http.get("/api/integrations/sim/variables/top?window=30d").json();
		assertThat(top.get("variables").findValuesAsString("variable")).contains("ema_fast");
	}

	@Test
	void aRiskLimitSuppressesTheEntryAndSaysWhichLimit() {
		UUID bot = create("risk-block", """
				"strategy_params": {"fast_period": 2, "slow_period": 3, "bar_seconds": 5, "quantity": 2},
				"risk_limits": {"max_order_qty": 1}""");
		run(bot, WEDNESDAY, 900);
		JsonNode traces = this.http.get("/api/bots/" + bot + "/no-trade-traces?type=RISK_BLOCK").json().get("traces");
		assertThat(traces).isNotEmpty();
		assertThat(traces.get(0).get("would_have_traded").asBoolean()).isTrue();
		assertThat(traces.get(0).get("suppression_reason").asString())
			.startsWith("MAX_ORDER_QUANTITY: Order quantity 2 is above max_order_qty 1");
		assertThat(traces.get(0).get("trace_id").asString()).hasSize(32);
		assertThat(this.jdbc.sql("SELECT count(*) FROM orders WHERE bot_id = ?").param(bot).query(Integer.class).single())
			.as("nothing placed").isZero();
	}

	@Test
	void outsideItsTradingWindowABotDoesNotTradeAndSaysWhetherItWouldHave() {
		// 09:30-11:00 in the exchange's zone (Chicago for MES); the run is 11:00-11:30 Chicago.
		UUID bot = create("outside-window", """
				"strategy_params": {"fast_period": 2, "slow_period": 3, "bar_seconds": 5},
				"trading_window": {"start": "09:30", "end": "11:00"}""");
		assertThat(this.bots.get(bot).tradingWindow().get("zone")).as("MES trades in Chicago").isEqualTo("America/Chicago");
		run(bot, Instant.parse("2026-11-25T17:00:00Z"), 1800);
		JsonNode traces = this.http.get("/api/bots/" + bot + "/no-trade-traces?type=OUTSIDE_SESSION").json()
			.get("traces");
		assertThat(traces.findValuesAsString("suppression_reason"))
			.anySatisfy((reason) -> assertThat(reason).startsWith("Outside the bot's trading window 09:30–11:00 America/Chicago"));
		assertThat(traces.findValues("would_have_traded")).extracting(JsonNode::asBoolean).contains(true, false);
		assertThat(this.jdbc.sql("SELECT count(*) FROM orders WHERE bot_id = ?").param(bot).query(Integer.class).single())
			.isZero();
	}

	@Test
	void aBotThatAsksForAnAiReviewerNeverEntersWithoutOne() {
		UUID bot = create("ai-fail-closed", """
				"strategy_params": {"fast_period": 2, "slow_period": 3, "bar_seconds": 5}, "ai_provider": "openai\"""");
		run(bot, WEDNESDAY, 900);
		JsonNode traces = this.http.get("/api/bots/" + bot + "/no-trade-traces?type=AI_UNAVAILABLE").json()
			.get("traces");
		assertThat(traces).isNotEmpty();
		assertThat(traces.get(0).get("would_have_traded").asBoolean()).isTrue();
		assertThat(this.jdbc.sql("SELECT count(*) FROM orders WHERE bot_id = ?").param(bot).query(Integer.class).single())
			.isZero();
	}

	@Test
	void withItsCheckerStoppedTheRiskEngineDisconnectsBlocksTheSystemAndRefusesStarts() {
		UUID bot = create("engine-gone", "\"strategy_params\": {}");
		this.risk.stop();
		try {
			Await.until(Duration.ofSeconds(10), "the engine disconnected", () -> !this.risk.connection().connected());
			Await.until(Duration.ofSeconds(10), "the verdict says so",
					() -> this.http.get("/api/system/status").json().get("blockers").findValuesAsString("code")
						.contains("RISK_ENGINE_DISCONNECTED"));
			Http.Response refused = this.http.post("/api/bots/" + bot + "/start", "");
			assertThat(refused.status()).isEqualTo(409);
			// The system is BLOCKED (checked first), and the engine's own denial is named beside it.
			assertThat(refused.json().get("error_code").asString()).isEqualTo("SYSTEM_BLOCKED");
			assertThat(refused.json().get("reasons").findValuesAsString("code")).contains("RISK_ENGINE_DISCONNECTED");
		}
		finally {
			this.risk.start();
		}
		Await.until(Duration.ofSeconds(10), "the engine reconnected", () -> this.risk.connection().connected());
	}

	/** Creates a SIM bot on MES, ALWAYS open. */
	private UUID create(String name, String extra) {
		return this.driver.create("""
				{"name": "%s", "mode": "SIM", "instruments": ["MES"], "data_provider": "sim",
				 "strategy_key": "ema_crossover", "session_mode": "ALWAYS", %s}""".formatted(name, extra));
	}

	private void run(UUID bot, Instant from, int seconds) {
		this.driver.run(bot, from, seconds);
	}

}
