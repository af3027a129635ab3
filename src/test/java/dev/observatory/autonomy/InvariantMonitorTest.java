package dev.observatory.autonomy;

import java.time.Duration;
import java.util.UUID;

import dev.observatory.integrations.stubs.ProviderStubTest;
import dev.observatory.integrations.stubs.ProviderStubs;
import dev.observatory.test.Await;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The LIVE kill triggers against the Tradovate stub: a position beyond its limit for two checks in a
 * row kills a CANCEL bot and cancels its order at the broker; a REDUCE_ONLY bot is put in
 * reduce-only first and killed when the breach still holds as many checks later.
 */
@ProviderStubTest
class InvariantMonitorTest {

	@Autowired
	JdbcClient jdbc;

	@Autowired
	InvariantMonitor monitor;

	@BeforeEach
	void setUp() {
		ProviderStubs.reset();
		// An account of this test's own (the context's database is shared), on which the broker agrees with
		// the books (3 + 3 MES): only the position limit is breached.
		ProviderStubs.WIREMOCK.stubFor(get(urlPathEqualTo("/tradovate/v1/account/list")).atPriority(1).willReturn(okJson("""
				[{"id": 202, "name": "INV202", "userId": 7, "accountType": "Customer", "active": true}]""")));
		ProviderStubs.WIREMOCK.stubFor(get(urlPathEqualTo("/tradovate/v1/position/list")).willReturn(okJson("""
				[{"id": 1, "accountId": 202, "contractId": 4242, "netPos": 6}]""")));
		ProviderStubs.WIREMOCK.stubFor(get(urlPathEqualTo("/tradovate/v1/contract/item"))
			.willReturn(okJson("{\"id\": 4242, \"name\": \"MESZ6\"}")));
		ProviderStubs.WIREMOCK.stubFor(post(urlPathEqualTo("/tradovate/v1/order/cancelorder"))
			.willReturn(okJson("{\"commandId\": 7}")));
	}

	@AfterEach
	void tearDown() {
		ProviderStubs.reset();
	}

	@Test
	void aPositionBeyondItsLimitForTwoChecksKillsOrReducesThenKills() {
		this.jdbc.sql("""
				INSERT INTO accounts (id, broker, external_id, name, mode, created_at)
				VALUES ('00000000-0000-0000-0000-0000000000d1', 'tradovate', 'INV202', 'inv', 'LIVE', now())""").update();
		UUID cancel = liveBot("inv-cancel", "CANCEL", "88001");
		UUID reduce = liveBot("inv-reduce", "REDUCE_ONLY", "88002");

		this.monitor.tick();
		assertThat(state(cancel)).as("one check is not enough").isEqualTo("RUNNING");
		assertThat(count("SELECT count(*) FROM kill_events WHERE bot_id = ?", cancel)).isZero();

		this.monitor.tick();
		assertThat(state(cancel)).isEqualTo("KILLED");
		assertThat(this.jdbc.sql("""
				SELECT invariant || ' ' || action || ' ' || orders_cancelled || ' ' || (observed->>'position')
				FROM kill_events WHERE bot_id = ?""").param(cancel).query(String.class).single())
			.isEqualTo("POSITION_LIMIT CANCEL 1 3");
		assertThat(this.jdbc.sql("SELECT status FROM orders WHERE bot_id = ?").param(cancel).query(String.class).single())
			.isEqualTo("CANCELLED");
		ProviderStubs.WIREMOCK.verify(1, postRequestedFor(urlPathEqualTo("/tradovate/v1/order/cancelorder"))
			.withRequestBody(matchingJsonPath("$.orderId", equalTo("88001"))));
		assertThat(count("SELECT count(*) FROM autonomy_events WHERE bot_id = ? AND kind = 'KILL'", cancel)).isOne();
		assertThat(count("SELECT count(*) FROM no_trade_traces WHERE bot_id = ? AND suppression_type = 'KILL_SWITCH'",
				cancel)).isOne();
		Await.until(Duration.ofSeconds(10), "the broker calls recorded as the bot's", () -> count("""
				SELECT count(*) FROM integration_usage_events WHERE bot_id = ? AND endpoint_name = 'tradovate.cancel_order'""",
				cancel) == 1);

		assertThat(state(reduce)).as("REDUCE_ONLY: its first step").isEqualTo("DEGRADED");
		assertThat(this.jdbc.sql("SELECT reduce_only FROM bots WHERE id = ?").param(reduce).query(Boolean.class).single())
			.isTrue();
		assertThat(this.jdbc.sql("SELECT action FROM kill_events WHERE bot_id = ?").param(reduce).query(String.class)
			.single()).isEqualTo("REDUCE_ONLY");
		this.monitor.tick();
		assertThat(state(reduce)).as("still held by reduce-only").isEqualTo("DEGRADED");
		this.monitor.tick();
		assertThat(state(reduce)).as("the breach held: escalated to a kill").isEqualTo("KILLED");
		assertThat(this.jdbc.sql("SELECT action FROM kill_events WHERE bot_id = ? ORDER BY at").param(reduce)
			.query(String.class).list()).containsExactly("REDUCE_ONLY", "CANCEL");
	}

	private UUID liveBot(String name, String killAction, String venueOrderId) {
		UUID bot = UUID.fromString(this.jdbc.sql("""
				INSERT INTO bots (id, name, mode, is_trading_enabled, instruments, data_provider, account_id, strategy_key,
				                  risk_limits, kill_action, desired_state, state, created_at, updated_at)
				VALUES (gen_random_uuid(), ?, 'LIVE', true, '{MES}', 'databento', '00000000-0000-0000-0000-0000000000d1',
				        'ema_crossover', '{"max_position": 1}', ?, 'RUNNING', 'RUNNING', now(), now())
				RETURNING id::text""").params(name, killAction).query(String.class).single());
		this.jdbc.sql("""
				INSERT INTO runner_instances (id, bot_id, host_id, state, created_at, started_at, last_heartbeat_at)
				VALUES (gen_random_uuid(), ?, 'h', 'RUNNING', now(), now(), now())""").param(bot).update();
		this.jdbc.sql("""
				INSERT INTO positions (bot_id, symbol, quantity, average_price, mode, data_source, updated_at)
				VALUES (?, 'MES', 3, 6000, 'LIVE', 'databento', now())""").param(bot).update();
		this.jdbc.sql("""
				INSERT INTO orders (id, bot_id, client_order_id, symbol, side, quantity, order_type, intent, status, venue,
				                    venue_order_id, mode, data_source, trace_id, created_at, updated_at)
				VALUES (gen_random_uuid(), ?, ?, 'MES', 'SELL', 1, 'MARKET', 'EXIT', 'WORKING', 'tradovate', ?, 'LIVE',
				        'databento', 't', now(), now())""").params(bot, name + "-1", venueOrderId).update();
		return bot;
	}

	private String state(UUID bot) {
		return this.jdbc.sql("SELECT state FROM bots WHERE id = ?").param(bot).query(String.class).single();
	}

	private long count(String sql, UUID bot) {
		return this.jdbc.sql(sql).param(bot).query(Long.class).single();
	}

}
