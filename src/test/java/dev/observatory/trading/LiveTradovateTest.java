package dev.observatory.trading;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import dev.observatory.common.time.Ids;
import dev.observatory.integrations.stubs.ProviderStubTest;
import dev.observatory.integrations.stubs.ProviderStubs;
import dev.observatory.integrations.stubs.Verifications;
import dev.observatory.integrations.tradovate.TradovateTrading;
import dev.observatory.integrations.tradovate.TradovateUserSync;
import dev.observatory.telemetry.CallingContext;
import dev.observatory.test.Await;
import dev.observatory.test.Http;
import dev.observatory.trading.execution.ContractMonths;
import dev.observatory.trading.execution.ExecutionLedger;
import dev.observatory.trading.execution.OrderTicket;
import dev.observatory.trading.execution.PaperVenue;
import dev.observatory.trading.execution.TradovateVenue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
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
 * A LIVE bot on a Tradovate account, against the Tradovate stub: its start reconciles the broker's
 * positions with the booked ones (a mismatch refuses it), and its venue places and cancels an order
 * on the front contract, following its fills on the user-sync socket; every call is a usage event
 * with the bot's id.
 */
@ProviderStubTest
class LiveTradovateTest {

	private static final Instrument MES = Instruments.find("MES").orElseThrow();

	@LocalServerPort
	int port;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	TradovateTrading tradovate;

	@Autowired
	ExecutionLedger ledger;

	@Autowired
	dev.observatory.autonomy.KillSwitch kills;

	@Autowired
	TradovateUserSync fills;

	Http http;

	LiveBots live;

	@BeforeEach
	void setUp() {
		ProviderStubs.reset();
		positions(0);
		ProviderStubs.WIREMOCK.stubFor(get(urlPathEqualTo("/tradovate/v1/contract/item")).withQueryParam("id", equalTo("4242"))
			.willReturn(okJson("{\"id\": 4242, \"name\": \"MESZ6\", \"contractMaturityId\": 51}")));
		this.http = new Http("http://127.0.0.1:" + this.port);
		this.live = new LiveBots(this.http, this.jdbc);
		Verifications verifications = new Verifications(this.port, this.jdbc);
		assertThat(verifications.verify("databento").connected()).isTrue();
		assertThat(verifications.verify("tradovate").connected()).isTrue();
	}

	@AfterEach
	void tearDown() {
		ProviderStubs.reset();
	}

	@Test
	void theStartReconcilesTheBrokersPositionsAndAMismatchRefusesIt() {
		UUID bot = this.live.create("tradovate", "live-reconciled", "DEMO101");
		assertThat(this.live.denials(bot)).as("flat at the broker, nothing booked").isEmpty();

		positions(2);
		JsonNode mismatch = this.live.denial(bot, "POSITION_MISMATCH");
		assertThat(mismatch.get("message").asString())
			.isEqualTo("Tradovate reports {MES=2} on account DEMO101 where Observatory booked {}");
		assertThat(mismatch.get("suggested_fix").asString()).isNotBlank();

		UUID unknown = this.live.create("tradovate", "live-unknown-account", "NO-SUCH-ACCOUNT");
		assertThat(this.live.denial(unknown, "BROKER_UNAVAILABLE").get("message").asString())
			.contains("Tradovate lists no account named NO-SUCH-ACCOUNT").contains("never taken as flat");

		Await.until(Duration.ofSeconds(10), "the reconciliation's calls recorded as the bot's",
				() -> this.live.endpoints(bot).containsAll(List.of("tradovate.position_list", "tradovate.contract_item")));
	}

	@Test
	void theVenuePlacesAMarketOrderOnTheFrontContractAndCancelsItWhenTheRunEnds() {
		ProviderStubs.WIREMOCK.stubFor(post(urlPathEqualTo("/tradovate/v1/order/placeorder"))
			.withRequestBody(matchingJsonPath("$.isAutomated", equalTo("true")))
			.willReturn(okJson("{\"orderId\": 99001}")));
		ProviderStubs.WIREMOCK.stubFor(post(urlPathEqualTo("/tradovate/v1/order/cancelorder"))
			.withRequestBody(matchingJsonPath("$.orderId", equalTo("99001")))
			.willReturn(okJson("{\"commandId\": 5}")));
		UUID bot = this.live.create("tradovate", "live-venue", "DEMO101");
		String contract = ContractMonths.front(Instruments.find("MES").orElseThrow(), Instant.now()).orElseThrow();
		UUID order = Ids.newId();
		OrderTicket ticket = new OrderTicket(order, "run-1-1", bot, UUID.randomUUID(), "MES", true, true, BigDecimal.ONE,
				new BigDecimal("6001.25"), Ids.newId(), "LIVE", "databento", "0af7651916cd43dd8448eb211c80319c",
				Instant.now());

		CallingContext.runAs(bot, null, () -> {
			TradovateVenue venue = new TradovateVenue(this.tradovate, this.ledger, MES, contract, "DEMO101", 101, this.fills);
			assertThat(venue.place(ticket)).as("accepted").isNull();
			assertThat(venue.hasWorking()).isTrue();
			assertThat(this.jdbc.sql("SELECT status || ' ' || venue || ' ' || venue_order_id FROM orders WHERE id = ?")
				.param(order).query(String.class).single()).isEqualTo("WORKING tradovate 99001");
			venue.close(Instant.now());
		});
		assertThat(this.jdbc.sql("SELECT status || ' ' || status_reason FROM orders WHERE id = ?").param(order)
			.query(String.class).single()).isEqualTo("CANCELLED RUN_ENDED");
		Await.until(Duration.ofSeconds(10), "the run's user-sync socket closed with it",
				() -> ProviderStubs.TRADOVATE_SOCKET.syncedSessions() == 0);
		ProviderStubs.WIREMOCK.verify(postRequestedFor(urlPathEqualTo("/tradovate/v1/order/placeorder"))
			.withRequestBody(matchingJsonPath("$.symbol", equalTo(contract)))
			.withRequestBody(matchingJsonPath("$.accountSpec", equalTo("DEMO101")))
			.withRequestBody(matchingJsonPath("$.accountId", equalTo("101")))
			.withRequestBody(matchingJsonPath("$.action", equalTo("Buy")))
			.withRequestBody(matchingJsonPath("$.orderType", equalTo("Market")))
			.withRequestBody(matchingJsonPath("$.clOrdId", equalTo("run-1-1"))));
		Await.until(Duration.ofSeconds(10), "both calls recorded as the bot's", () -> this.live.endpoints(bot)
			.containsAll(List.of("tradovate.place_order", "tradovate.cancel_order")));
	}

	@Test
	void theFillsTradovateReportsOnTheUserSyncSocketAreBookedAtTheirAveragePrice() {
		ProviderStubs.WIREMOCK.stubFor(post(urlPathEqualTo("/tradovate/v1/order/placeorder"))
			.willReturn(okJson("{\"orderId\": 99003}")));
		UUID bot = this.live.create("tradovate", "live-fills", "DEMO101");
		UUID order = Ids.newId();
		UUID trade = Ids.newId();
		OrderTicket ticket = new OrderTicket(order, "run-3-1", bot, UUID.randomUUID(), "MES", true, true, BigDecimal.TWO,
				new BigDecimal("6001.25"), trade, "LIVE", "databento", "0af7651916cd43dd8448eb211c80319e", Instant.now());
		TradovateVenue venue = CallingContext.callAs(bot, null,
				() -> new TradovateVenue(this.tradovate, this.ledger, MES, "MESZ6", "DEMO101", 101, this.fills));
		assertThat(venue.fillsFollowed()).isTrue();
		assertThat(ProviderStubs.TRADOVATE_SOCKET.requests()).as("authorized with the token, synced for the token's user")
			.containsExactly("authorize\n0\n\n<stub token>", "user/syncrequest\n1\n\n{\"users\":[7]}");
		assertThat(CallingContext.callAs(bot, null, () -> venue.place(ticket))).isNull();

		ProviderStubs.TRADOVATE_SOCKET.fill(1, 55555, 1, "6000.00"); // another order on the account
		ProviderStubs.TRADOVATE_SOCKET.fill(2, 99003, 1, "6001.25");
		ProviderStubs.TRADOVATE_SOCKET.fill(2, 99003, 1, "6001.25"); // the same fill reported twice
		assertThat(updates(venue, 2)).as("half filled: nothing booked").isEmpty();
		ProviderStubs.TRADOVATE_SOCKET.fill(3, 99003, 1, "6001.75");
		List<PaperVenue.Filled> filled = updates(venue, 1);

		assertThat(filled).singleElement().satisfies((fill) -> assertThat(fill.price()).isEqualByComparingTo("6001.5"));
		assertThat(venue.hasWorking()).isFalse();
		assertThat(this.jdbc.sql("""
				SELECT o.status || ' ' || f.quantity || ' @ ' || f.price || ' simulated=' || f.simulated || ' ' || f.venue
				FROM orders o JOIN fills f ON f.order_id = o.id WHERE o.id = ?""").param(order).query(String.class).single())
			.matches("FILLED 2(\\.0+)? @ 6001\\.50* simulated=false tradovate");
		assertThat(this.jdbc.sql("SELECT status || ' ' || direction FROM trade_log WHERE id = ?")
			.param(trade).query(String.class).single()).isEqualTo("OPEN LONG");
		Await.until(Duration.ofSeconds(10), "the client's [] heartbeat every 2.5 s",
				() -> ProviderStubs.TRADOVATE_SOCKET.clientHeartbeats() > 0);
		venue.close(Instant.now());
		Await.until(Duration.ofSeconds(10), "the socket's opening recorded as the bot's call",
				() -> this.live.endpoints(bot).contains("tradovate.user_sync"));
	}

	@Test
	void anOrderTheBrokerRejectsAfterAcceptingItEndsRejected() {
		ProviderStubs.WIREMOCK.stubFor(post(urlPathEqualTo("/tradovate/v1/order/placeorder"))
			.willReturn(okJson("{\"orderId\": 99004}")));
		UUID bot = this.live.create("tradovate", "live-broker-rejects", "DEMO101");
		UUID order = Ids.newId();
		OrderTicket ticket = new OrderTicket(order, "run-4-1", bot, UUID.randomUUID(), "MES", true, true, BigDecimal.ONE,
				new BigDecimal("6001.25"), Ids.newId(), "LIVE", "databento", "0af7651916cd43dd8448eb211c80319f", Instant.now());
		TradovateVenue venue = CallingContext.callAs(bot, null,
				() -> new TradovateVenue(this.tradovate, this.ledger, MES, "MESZ6", "DEMO101", 101, this.fills));
		assertThat(CallingContext.callAs(bot, null, () -> venue.place(ticket))).isNull();

		ProviderStubs.TRADOVATE_SOCKET.orderStatus(99004, "Rejected");
		Await.until(Duration.ofSeconds(10), "the rejection booked", () -> {
			updates(venue, 0);
			return !venue.hasWorking();
		});
		assertThat(this.jdbc.sql("SELECT status || ' ' || status_reason FROM orders WHERE id = ?").param(order)
			.query(String.class).single()).isEqualTo("REJECTED BROKER_REJECTED");
		venue.close(Instant.now());
	}

	@Test
	void withTheUserSyncSocketLostAndNotReopenedNoOrderIsSent() {
		UUID bot = this.live.create("tradovate", "live-socket-lost", "DEMO101");
		TradovateVenue venue = CallingContext.callAs(bot, null,
				() -> new TradovateVenue(this.tradovate, this.ledger, MES, "MESZ6", "DEMO101", 101, this.fills));
		ProviderStubs.TRADOVATE_SOCKET.refuseSync(true);
		ProviderStubs.TRADOVATE_SOCKET.dropAll();
		Await.until(Duration.ofSeconds(10), "the drop noticed", () -> !venue.fillsFollowed());

		UUID order = Ids.newId();
		OrderTicket ticket = new OrderTicket(order, "run-5-1", bot, UUID.randomUUID(), "MES", true, true, BigDecimal.ONE,
				new BigDecimal("6001.25"), Ids.newId(), "LIVE", "databento", "0af7651916cd43dd8448eb211c80319a", Instant.now());
		String refused = CallingContext.callAs(bot, null, () -> venue.place(ticket));

		assertThat(refused).startsWith("FILLS_UNTRACKED: Tradovate's user-sync socket is down")
			.contains("refused the sync request (s=500)");
		ProviderStubs.WIREMOCK.verify(0, postRequestedFor(urlPathEqualTo("/tradovate/v1/order/placeorder")));
		assertThat(this.jdbc.sql("SELECT status FROM orders WHERE id = ?").param(order).query(String.class).single())
			.isEqualTo("REJECTED");

		ProviderStubs.TRADOVATE_SOCKET.refuseSync(false);
		ProviderStubs.WIREMOCK.stubFor(post(urlPathEqualTo("/tradovate/v1/order/placeorder"))
			.willReturn(okJson("{\"orderId\": 99005}")));
		ProviderStubs.WIREMOCK.stubFor(post(urlPathEqualTo("/tradovate/v1/order/cancelorder"))
			.willReturn(okJson("{\"commandId\": 6}")));
		OrderTicket retry = new OrderTicket(Ids.newId(), "run-5-2", bot, UUID.randomUUID(), "MES", true, true,
				BigDecimal.ONE, new BigDecimal("6001.25"), Ids.newId(), "LIVE", "databento",
				"0af7651916cd43dd8448eb211c80319b", Instant.now());
		assertThat(CallingContext.callAs(bot, null, () -> venue.place(retry))).as("the socket reopened, the order sent")
			.isNull();
		venue.close(Instant.now());
	}

	/**
	 * Market updates for up to 2 s, or until {@code fills} fills were booked: the socket delivers
	 * reports on its own thread, and a venue books them on the bot's next update.
	 */
	private static List<PaperVenue.Filled> updates(TradovateVenue venue, int fills) {
		List<PaperVenue.Filled> filled = new java.util.ArrayList<>();
		long deadline = System.nanoTime() + Duration.ofSeconds(2).toNanos();
		do {
			filled.addAll(venue.onTick(new MarketTick("MES", new BigDecimal("6001.5"), 1, Instant.now(), "databento")));
		}
		while (fills > 0 && filled.size() < fills && System.nanoTime() < deadline);
		return filled;
	}

	@Test
	void aFlattenKillClosesTheBookedPositionAtTheBrokerLabelledWithTheBotsData() {
		ProviderStubs.WIREMOCK.stubFor(post(urlPathEqualTo("/tradovate/v1/order/placeorder"))
			.willReturn(okJson("{\"orderId\": 99002}")));
		// Its own account row (the Tradovate account by id): its booked position must not reach the other tests'.
		UUID bot = this.live.create("tradovate", "live-flatten", "101");
		this.jdbc.sql("UPDATE bots SET kill_action = 'FLATTEN', state = 'RUNNING' WHERE id = ?").param(bot).update();
		UUID trade = Ids.newId();
		this.jdbc.sql("""
				INSERT INTO trade_log (id, bot_id, symbol, direction, quantity, status, entry_order_id, entry_time, entry_price,
				                       mode, data_source, trace_id)
				VALUES (?, ?, 'MES', 'SHORT', 2, 'OPEN', gen_random_uuid(), now(), 6000, 'LIVE', 'databento', 't')""")
			.params(trade, bot).update();
		this.jdbc.sql("""
				INSERT INTO positions (bot_id, symbol, quantity, average_price, mode, data_source, updated_at)
				VALUES (?, 'MES', -2, 6000, 'LIVE', 'databento', now())""").param(bot).update();

		this.kills.kill(bot, "MANUAL", java.util.Map.of(), dev.observatory.bots.FsmActor.SYSTEM, null);

		String contract = ContractMonths.front(Instruments.find("MES").orElseThrow(), Instant.now()).orElseThrow();
		ProviderStubs.WIREMOCK.verify(postRequestedFor(urlPathEqualTo("/tradovate/v1/order/placeorder"))
			.withRequestBody(matchingJsonPath("$.action", equalTo("Buy")))
			.withRequestBody(matchingJsonPath("$.orderQty", equalTo("2")))
			.withRequestBody(matchingJsonPath("$.symbol", equalTo(contract))));
		assertThat(this.jdbc.sql("""
				SELECT intent || ' ' || status || ' ' || venue_order_id || ' ' || data_source FROM orders WHERE bot_id = ?""")
			.param(bot).query(String.class).single()).as("labelled with the bot's data, not the venue")
			.isEqualTo("EXIT WORKING 99002 databento");
		assertThat(this.jdbc.sql("SELECT observed->>'flatten_orders_placed' FROM kill_events WHERE bot_id = ?").param(bot)
			.query(String.class).single()).isEqualTo("1");
	}

	@Test
	void aRejectedOrderIsRecordedRejectedWithTheBrokersReason() {
		ProviderStubs.WIREMOCK.stubFor(post(urlPathEqualTo("/tradovate/v1/order/placeorder"))
			.willReturn(okJson("{\"failureReason\": \"RiskRejected\", \"failureText\": \"Insufficient margin\"}")));
		UUID bot = this.live.create("tradovate", "live-rejected", "DEMO101");
		TradovateVenue venue = new TradovateVenue(this.tradovate, this.ledger, MES, "MESZ6", "DEMO101", 101, null);
		UUID order = Ids.newId();
		OrderTicket ticket = new OrderTicket(order, "run-2-1", bot, UUID.randomUUID(), "MES", false, true, BigDecimal.ONE,
				new BigDecimal("6001.25"), Ids.newId(), "LIVE", "databento", "0af7651916cd43dd8448eb211c80319d",
				Instant.now());
		String refused = CallingContext.callAs(bot, null, () -> venue.place(ticket));
		assertThat(refused).contains("rejected the order: RiskRejected Insufficient margin");
		assertThat(venue.hasWorking()).isFalse();
		assertThat(this.jdbc.sql("SELECT status FROM orders WHERE id = ?").param(order).query(String.class).single())
			.isEqualTo("REJECTED");
		Await.until(Duration.ofSeconds(10), "the rejection recorded as a failed call", () -> this.jdbc.sql("""
				SELECT count(*) FROM integration_usage_events WHERE bot_id = ? AND endpoint_name = 'tradovate.place_order'
				    AND status = 'CLIENT_ERROR'""").param(bot).query(Integer.class).single() == 1);
	}

	private void positions(long netPos) {
		ProviderStubs.WIREMOCK.stubFor(get(urlPathEqualTo("/tradovate/v1/position/list")).willReturn(okJson("""
				[{"id": 1, "accountId": 101, "contractId": 4242, "timestamp": "2026-11-30T10:00:00Z",
				  "tradeDate": {"year": 2026, "month": 11, "day": 30}, "netPos": %d, "netPrice": 6001.25,
				  "bought": 0, "boughtValue": 0, "sold": 0, "soldValue": 0, "prevPos": 0}]""".formatted(netPos))));
	}

}
