package dev.observatory.scoring;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

import dev.observatory.test.Await;
import dev.observatory.test.Http;
import dev.observatory.test.ObservatoryTest;
import dev.observatory.trading.Instruments;
import dev.observatory.trading.risk.OrderRequest;
import dev.observatory.trading.risk.RiskDenial;
import dev.observatory.trading.risk.RiskEngine;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each component of the autonomy score built from real rows — a bot with crashes, one with data
 * gaps, one with risk denials, one with a kill — and the tier, the caps and their enforcement moving
 * as docs/autonomy-score.md says.
 */
@ObservatoryTest
class AutonomyScoreTest {

	@LocalServerPort
	int port;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	ScoringLoop loop;

	@Autowired
	RiskEngine risk;

	Http http;

	@BeforeEach
	void setUp() {
		this.http = new Http("http://127.0.0.1:" + this.port);
	}

	@Test
	void crashesLowerSupervisorTrustAndAnOpenBreakerLocksTheBot() {
		UUID bot = bot("score-crashy", "PAPER");
		ran(bot, 300);
		for (int i = 0; i < 3; i++) {
			sql("""
					INSERT INTO runner_instances (id, bot_id, host_id, state, created_at, started_at, ended_at, exit_reason)
					VALUES (gen_random_uuid(), ?, 'h', 'TERMINATED', now() - interval '2 hours', now() - interval '2 hours',
					        now() - interval '110 minutes', 'EXCEPTION')""", bot);
			event(bot, "RESTART", "CRASHED");
		}
		event(bot, "BREAKER_OPEN", "3 failures in 30 min");
		sql("INSERT INTO breaker_states (bot_id, state, failures, opened_at, updated_at, trace_id) VALUES (?, 'OPEN', 3, now(), now(), 't')",
				bot);

		JsonNode score = autonomy(bot);
		JsonNode trust = score.get("breakdown").get("supervisor_trust_score");
		assertThat(trust.get("inputs").get("crashes").asInt()).isEqualTo(3);
		assertThat(trust.get("inputs").get("breaker_openings").asInt()).isEqualTo(1);
		assertThat(trust.get("score").asInt()).as("100 - 3 x 15 - 20").isEqualTo(35);
		assertThat(score.get("tier").asString()).isEqualTo("LOCKED");
		assertThat(score.get("blockers").findValuesAsString("code")).containsExactly("CIRCUIT_OPEN");
		assertThat(score.get("breakdown").get("caps").findValuesAsString("rule")).contains("OPEN_BLOCKER");
		assertThat(score.get("trace_id").asString()).isNotBlank();

		pass();
		assertThat(storedTier(bot)).isEqualTo("LOCKED");
		sql("UPDATE breaker_states SET state = 'CLOSED', closed_at = now() WHERE bot_id = ?", bot);
		pass();
		assertThat(storedTier(bot)).as("the breaker opened in the window: at most SUPERVISED").isEqualTo("SUPERVISED");
		assertThat(this.jdbc.sql("SELECT cause FROM autonomy_events WHERE bot_id = ? AND kind = 'TIER_CHANGED'").param(bot)
			.query(String.class).list()).containsExactly("LOCKED>SUPERVISED");
		JsonNode history = this.http.get("/api/bots/" + bot + "/autonomy/history").json();
		assertThat(history.get("scores").findValuesAsString("tier")).containsExactly("SUPERVISED", "LOCKED");
	}

	@Test
	void dataGapsLowerDataReliability() {
		UUID bot = bot("score-gappy", "PAPER");
		ran(bot, 300);
		sql("""
				INSERT INTO autonomy_events (id, bot_id, kind, cause, trace_id, at) VALUES
				    (gen_random_uuid(), ?, 'DATA_FALLBACK', 'primary stale', 't', now() - interval '3 hours'),
				    (gen_random_uuid(), ?, 'DATA_RESTORED', 'primary back', 't', now() - interval '2 hours')""", bot, bot);
		sql("""
				INSERT INTO no_trade_traces (id, bot_id, decision_time, last_seen_at, occurrences, suppression_type,
				    suppression_reason, would_have_traded, mode, data_source, source, trace_id)
				VALUES (gen_random_uuid(), ?, now() - interval '1 hour', now() - interval '1 hour', 5, 'DATA_MISSING',
				    'No trade', false, 'PAPER', 'databento', 'RUNTIME', 't')""", bot);
		JsonNode data = autonomy(bot).get("breakdown").get("data_reliability_score");
		assertThat(data.get("inputs").get("fallback_minutes").asDouble()).isCloseTo(60.0, org.assertj.core.data.Offset.offset(0.2));
		assertThat(data.get("inputs").get("data_missing_suppressions").asInt()).isEqualTo(5);
		assertThat(data.get("score").asInt()).as("100 x (1 - 30/300) - 5").isEqualTo(85);
		assertThat(data.get("status").asString()).isEqualTo("OK");
	}

	@Test
	void riskDenialsLowerRiskDisciplineAndAKillCapsItAndTheTier() {
		UUID risky = bot("score-risky", "PAPER");
		ran(risky, 300);
		decisions(risky, 50);
		sql("""
				INSERT INTO no_trade_traces (id, bot_id, decision_time, last_seen_at, occurrences, suppression_type,
				    suppression_reason, would_have_traded, mode, data_source, source, trace_id)
				VALUES (gen_random_uuid(), ?, now() - interval '1 hour', now() - interval '1 hour', 50, 'RISK_BLOCK',
				    'MAX_POSITION: too big', true, 'PAPER', 'databento', 'RUNTIME', 't')""", risky);
		JsonNode risk = autonomy(risky).get("breakdown").get("risk_discipline_score");
		assertThat(risk.get("score").asInt()).as("half the attempts refused").isEqualTo(50);

		UUID killed = bot("score-killed", "PAPER");
		ran(killed, 300);
		decisions(killed, 50);
		sql("""
				INSERT INTO kill_events (id, bot_id, invariant, action, actor, trace_id, at)
				VALUES (gen_random_uuid(), ?, 'MANUAL', 'CANCEL', 'USER:admin', 't', now() - interval '1 hour')""", killed);
		JsonNode score = autonomy(killed);
		assertThat(score.get("breakdown").get("risk_discipline_score").get("score").asInt()).isEqualTo(20);
		assertThat(score.get("breakdown").get("risk_discipline_score").get("capped_by").asString()).contains("kill");
		assertThat(score.get("breakdown").get("caps").findValuesAsString("rule")).contains("KILL_OR_BREAKER_IN_WINDOW");
		assertThat(score.get("tier").asString()).isIn("SUPERVISED", "LOCKED");
		assertThat(score.get("autonomy_score").asInt()).isLessThanOrEqualTo(64);
	}

	@Test
	void aNewBotIsSupervisedNeverLockedForLackOfHistoryAndTheBotListCarriesItsTier() {
		UUID fresh = bot("score-fresh", "PAPER");
		JsonNode score = autonomy(fresh);
		assertThat(score.get("tier").asString()).isEqualTo("SUPERVISED");
		assertThat(score.get("breakdown").get("caps").findValuesAsString("rule")).contains("NEW_BOT_TOO_LITTLE_HISTORY");
		assertThat(score.get("breakdown").get("decision_quality_score").get("status").asString())
			.isEqualTo("INSUFFICIENT_HISTORY");
		pass();
		JsonNode row = this.http.get("/api/bots/" + fresh).json();
		assertThat(row.get("autonomy_tier").asString()).isEqualTo("SUPERVISED");
		assertThat(row.get("autonomy_score").asInt()).isBetween(40, 64);
		JsonNode status = this.http.get("/api/system/status").json();
		assertThat(status.get("bots").get("by_tier").get("SUPERVISED").asInt()).isPositive();
	}

	@Test
	void aLockedPaperBotIsNotRestartedByTheSupervisorButAPersonMayStartIt() {
		UUID bot = bot("score-locked", "PAPER");
		sql("UPDATE bots SET reduce_only = true WHERE id = ?", bot);
		pass();
		assertThat(storedTier(bot)).isEqualTo("LOCKED");
		JsonNode supervisor = this.http.post("/api/bots/" + bot + "/safe-start-check?initiator=SUPERVISOR", "").json();
		assertThat(supervisor.get("denials").findValuesAsString("code")).contains("TIER_LOCKED");
		assertThat(supervisor.get("denials").findValuesAsString("message"))
			.anySatisfy((message) -> assertThat(message).contains("is LOCKED (autonomy tier)"));
		JsonNode person = this.http.post("/api/bots/" + bot + "/safe-start-check?initiator=USER", "").json();
		assertThat(person.get("denials").findValuesAsString("code")).doesNotContain("TIER_LOCKED");
		JsonNode status = this.http.get("/api/system/status").json();
		assertThat(status.get("bots").get("blocked").findValuesAsString("name")).contains("score-locked");
	}

	@Test
	void aLimitedAutonomyLiveBotsOrderAboveTheScaledLimitIsDeniedNamingIt() {
		this.jdbc.sql("""
				INSERT INTO accounts (id, broker, external_id, name, mode, created_at)
				VALUES ('00000000-0000-0000-0000-00000000c0de', 'tradovate', 'SCORE-LIVE', 'live', 'LIVE', now())""").update();
		UUID bot = UUID.fromString(this.jdbc.sql("""
				INSERT INTO bots (id, name, mode, is_trading_enabled, instruments, data_provider, account_id, strategy_key,
				                  strategy_params, risk_limits, created_at, updated_at)
				VALUES (gen_random_uuid(), 'score-live', 'LIVE', true, '{MES}', 'databento',
				        '00000000-0000-0000-0000-00000000c0de', 'ema_crossover', '{}', '{"max_order_qty": 2, "max_position": 4}',
				        now(), now())
				RETURNING id::text""").query(String.class).single());
		ran(bot, 300);
		decisions(bot, 30);
		sql("""
				INSERT INTO orders (id, bot_id, client_order_id, symbol, side, quantity, order_type, intent, status, venue,
				                    mode, data_source, trace_id, created_at, updated_at)
				SELECT gen_random_uuid(), ?, 'o-' || i, 'MES', 'BUY', 1, 'MARKET', 'ENTER', 'CANCELLED', 'tradovate',
				       'LIVE', 'databento', 't', now() - interval '1 hour', now() - interval '1 hour'
				FROM generate_series(1, 30) i""", bot);
		JsonNode score = autonomy(bot);
		assertThat(score.get("tier").asString()).isEqualTo("LIMITED_AUTONOMY");
		assertThat(score.get("breakdown").get("caps").findValuesAsString("rule")).contains("SIM_ONLY_HISTORY_FOR_LIVE");
		pass();
		long version = this.jdbc.sql("SELECT version FROM risk_limits_epoch").query(Long.class).single();
		Await.until(Duration.ofSeconds(10), "the risk engine holding the tier", () -> {
			Long held = this.risk.connection().version();
			return held != null && held >= version;
		});
		// Wednesday 09:00 in Chicago: the session is open.
		Instant at = Instant.parse("2026-11-25T15:00:00Z");
		Optional<RiskDenial> denial = this.risk.check(new OrderRequest(bot, Instruments.find("MES").orElseThrow(), true, true,
				new BigDecimal("2"), new BigDecimal("6000"), new BigDecimal("6000"), BigDecimal.ZERO, BigDecimal.ZERO, at));
		assertThat(denial).hasValueSatisfying((refused) -> {
			assertThat(refused.code()).isEqualTo(RiskDenial.Code.MAX_ORDER_QUANTITY);
			assertThat(refused.message()).isEqualTo("Order quantity 2 is above max_order_qty 1"
					+ " (the bot's limit scaled by 0.5 for its LIMITED_AUTONOMY tier)");
		});
		assertThat(this.risk.check(new OrderRequest(bot, Instruments.find("MES").orElseThrow(), true, true, BigDecimal.ONE,
				new BigDecimal("6000"), new BigDecimal("6000"), BigDecimal.ZERO, BigDecimal.ZERO, at))).isEmpty();
	}

	@Test
	void thereIsNoWayToWriteAScore() {
		UUID bot = bot("score-readonly", "SIM");
		assertThat(this.http.post("/api/bots/" + bot + "/autonomy", "{\"autonomy_score\": 100}", "Content-Type",
				"application/json").status()).isIn(404, 405);
		Http.Response patched = this.http.send("PATCH", "/api/bots/" + bot,
				java.net.http.HttpRequest.BodyPublishers.ofString("{\"autonomy_tier\": \"FULL_AUTONOMY\"}"), "Content-Type",
				"application/json");
		assertThat(this.jdbc.sql("SELECT count(*) FROM bot_autonomy WHERE bot_id = ? AND tier = 'FULL_AUTONOMY'").param(bot)
			.query(Integer.class).single()).as(patched.body()).isZero();
	}

	private UUID bot(String name, String mode) {
		return UUID.fromString(this.jdbc.sql("""
				INSERT INTO bots (id, name, mode, instruments, data_provider, strategy_key, session_mode, created_at, updated_at)
				VALUES (gen_random_uuid(), ?, ?, '{MES}', ?, 'ema_crossover', 'EXCHANGE', now(), now())
				RETURNING id::text""").params(name, mode, mode.equals("SIM") ? "sim" : "databento").query(String.class).single());
	}

	/** An instance that ran {@code minutes} and stopped cleanly an hour ago. */
	private void ran(UUID bot, int minutes) {
		sql("""
				INSERT INTO runner_instances (id, bot_id, host_id, state, created_at, started_at, ended_at, exit_reason)
				VALUES (gen_random_uuid(), ?, 'h', 'STOPPED', now() - make_interval(mins => ? + 60),
				        now() - make_interval(mins => ? + 60), now() - interval '1 hour', 'STOPPED')""", bot, minutes, minutes);
	}

	private void decisions(UUID bot, int count) {
		sql("""
				INSERT INTO decision_traces (id, bot_id, decision_time, action, reasons, signals_snapshot_safe_json, confidence,
				                             mode, data_source, source, trace_id, created_at)
				SELECT gen_random_uuid(), ?, now() - interval '2 hours', 'ENTER', '[{"rule": "EMA_CROSS_UP"}]',
				       '{"ema_fast": 1}', 0.5, 'PAPER', 'databento', 'RUNTIME', 't', now()
				FROM generate_series(1, ?) i""", bot, count);
	}

	private void event(UUID bot, String kind, String cause) {
		sql("INSERT INTO autonomy_events (id, bot_id, kind, cause, trace_id, at) VALUES (gen_random_uuid(), ?, ?, ?, 't', now() - interval '100 minutes')",
				bot, kind, cause);
	}

	private void sql(String sql, Object... params) {
		this.jdbc.sql(sql).params(params).update();
	}

	private JsonNode autonomy(UUID bot) {
		Http.Response response = this.http.get("/api/bots/" + bot + "/autonomy");
		assertThat(response.status()).as(response.body()).isEqualTo(200);
		return response.json();
	}

	private void pass() {
		assertThat(this.loop.tick().outcome()).isEqualTo("OK");
	}

	private String storedTier(UUID bot) {
		return this.jdbc.sql("SELECT tier FROM bot_autonomy WHERE bot_id = ?").param(bot).query(String.class).single();
	}

}
