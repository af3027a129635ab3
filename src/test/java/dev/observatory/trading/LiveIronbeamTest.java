package dev.observatory.trading;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import dev.observatory.common.time.Ids;
import dev.observatory.integrations.ironbeam.IronbeamTrading;
import dev.observatory.integrations.stubs.OwnUsageStubTest;
import dev.observatory.integrations.stubs.ProviderStubs;
import dev.observatory.integrations.stubs.Verifications;
import dev.observatory.telemetry.CallingContext;
import dev.observatory.test.Await;
import dev.observatory.test.Http;
import dev.observatory.trading.execution.ContractMonths;
import dev.observatory.trading.execution.ExecutionLedger;
import dev.observatory.trading.execution.IronbeamVenue;
import dev.observatory.trading.execution.OrderTicket;
import dev.observatory.trading.execution.PaperVenue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.deleteRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A LIVE bot on an Ironbeam account, against the Ironbeam stub (the calls PROVIDERS.md documents,
 * and the UNCONFIRMED positions and orders calls in the shape of the unofficial clients' API
 * extract): its start reconciles positions, its venue places a day market order on the front
 * contract, books the fill Ironbeam reports, and cancels what works when the run ends; every call is
 * a usage event with the bot's id.
 */
@OwnUsageStubTest
class LiveIronbeamTest {

	private static final Instrument MES = Instruments.find("MES").orElseThrow();

	private static final String ACCOUNT = "IB-ACC-1";

	@LocalServerPort
	int port;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	IronbeamTrading ironbeam;

	@Autowired
	ExecutionLedger ledger;

	Http http;

	LiveBots live;

	@BeforeEach
	void setUp() {
		ProviderStubs.reset();
		positions("[]");
		this.http = new Http("http://127.0.0.1:" + this.port);
		this.live = new LiveBots(this.http, this.jdbc);
		Verifications verifications = new Verifications(this.port, this.jdbc);
		assertThat(verifications.verify("databento").connected()).isTrue();
		assertThat(verifications.verify("ironbeam").connected()).isTrue();
	}

	@AfterEach
	void tearDown() {
		ProviderStubs.reset();
	}

	@Test
	void theStartReconcilesIronbeamsPositionsAndNoReportIsNeverFlat() {
		UUID bot = this.live.create("ironbeam", "ironbeam-reconciled", ACCOUNT);
		assertThat(this.live.denials(bot)).as("flat at the broker, nothing booked").isEmpty();

		positions("""
				[{"accountId":"IB-ACC-1","currencyCode":"USD","exchSym":"XCME:MES.Z26","positionId":"P1","quantity":2,
				  "price":6001.25,"dateOpened":"20261130","side":"SHORT","unrealizedPL":-12.5}]""");
		assertThat(this.live.denial(bot, "POSITION_MISMATCH").get("message").asString())
			.isEqualTo("Ironbeam reports {MES=-2} on account IB-ACC-1 where Observatory booked {}");

		// A refusal (final, not retried), not an outage: the breaker the other tests share stays closed.
		ProviderStubs.WIREMOCK.stubFor(get(urlPathEqualTo("/ironbeam/v2/account/IB-ACC-1/positions"))
			.willReturn(aResponse().withStatus(403).withHeader("Content-Type", "application/json")
				.withBody("{\"error1\":\"Forbidden\"}")));
		assertThat(this.live.denial(bot, "BROKER_UNAVAILABLE").get("message").asString())
			.startsWith("ironbeam could not report the positions of account IB-ACC-1").contains("never taken as flat");

		UUID unknown = this.live.create("ironbeam", "ironbeam-unknown-account", "IB-NONE");
		assertThat(this.live.denial(unknown, "BROKER_UNAVAILABLE").get("message").asString())
			.contains("Ironbeam lists no account IB-NONE");
		Await.until(Duration.ofSeconds(10), "the reconciliation's calls recorded as the bot's",
				() -> this.live.endpoints(bot).contains("ironbeam.positions"));
	}

	@Test
	void theVenuePlacesADayMarketOrderAndBooksTheFillIronbeamReports() {
		ProviderStubs.WIREMOCK.stubFor(post(urlPathEqualTo("/ironbeam/v2/order/IB-ACC-1/place"))
			.willReturn(okJson("{\"orderId\":\"IB-ORD-7\",\"strategyId\":5,\"status\":\"OK\"}")));
		orders("NEW", 0, null);
		UUID bot = this.live.create("ironbeam", "ironbeam-venue", ACCOUNT);
		String symbol = ContractMonths.ironbeamSymbol(MES, Instant.now()).orElseThrow();
		IronbeamVenue venue = new IronbeamVenue(this.ironbeam, this.ledger, MES, symbol, ACCOUNT);
		UUID order = Ids.newId();
		UUID trade = Ids.newId();
		Instant at = Instant.now();

		CallingContext.runAs(bot, null, () -> {
			assertThat(venue.place(ticket(order, trade, bot, at, "ironbeam-1"))).as("accepted").isNull();
			assertThat(venue.onTick(tick(at.plusMillis(10)))).as("NEW: nothing booked").isEmpty();
			assertThat(venue.onTick(tick(at.plusMillis(20)))).as("within a second: not asked again").isEmpty();
			ProviderStubs.WIREMOCK.verify(1, getRequestedFor(urlPathEqualTo("/ironbeam/v2/order/IB-ACC-1/ANY")));

			orders("FILLED", 1, "6002.25");
			List<PaperVenue.Filled> filled = venue.onTick(tick(at.plusSeconds(2)));
			assertThat(filled).singleElement().satisfies((fill) -> assertThat(fill.price()).isEqualByComparingTo("6002.25"));
		});

		assertThat(venue.hasWorking()).isFalse();
		assertThat(this.jdbc.sql("""
				SELECT o.status || ' ' || o.venue_order_id || ' ' || f.price || ' simulated=' || f.simulated || ' ' || f.venue
				FROM orders o JOIN fills f ON f.order_id = o.id WHERE o.id = ?""").param(order).query(String.class).single())
			.matches("FILLED IB-ORD-7 6002\\.250* simulated=false ironbeam");
		assertThat(this.jdbc.sql("SELECT status || ' ' || direction FROM trade_log WHERE id = ?").param(trade)
			.query(String.class).single()).isEqualTo("OPEN LONG");
		ProviderStubs.WIREMOCK.verify(postRequestedFor(urlPathEqualTo("/ironbeam/v2/order/IB-ACC-1/place"))
			.withHeader("Authorization", equalTo("Bearer " + ProviderStubs.IRONBEAM_TOKEN))
			.withRequestBody(matchingJsonPath("$.exchSym", equalTo(symbol)))
			.withRequestBody(matchingJsonPath("$.side", equalTo("BUY")))
			.withRequestBody(matchingJsonPath("$.quantity", equalTo("1")))
			.withRequestBody(matchingJsonPath("$.orderType", equalTo("1")))
			.withRequestBody(matchingJsonPath("$.duration", equalTo("0"))));
		Await.until(Duration.ofSeconds(10), "the order and its polls recorded as the bot's",
				() -> this.live.endpoints(bot).containsAll(List.of("ironbeam.place_order", "ironbeam.orders")));
	}

	@Test
	void aRejectionEndsTheOrderAndTheRunsEndCancelsWhatWorks() {
		ProviderStubs.WIREMOCK.stubFor(post(urlPathEqualTo("/ironbeam/v2/order/IB-ACC-1/place"))
			.willReturn(okJson("{\"orderId\":\"IB-ORD-8\",\"strategyId\":6,\"status\":\"OK\"}")));
		UUID bot = this.live.create("ironbeam", "ironbeam-rejects", ACCOUNT);
		IronbeamVenue venue = new IronbeamVenue(this.ironbeam, this.ledger, MES, "XCME:MES.Z26", ACCOUNT);
		UUID rejected = Ids.newId();
		UUID cancelled = Ids.newId();
		Instant at = Instant.now();

		CallingContext.runAs(bot, null, () -> {
			venue.place(ticket(rejected, Ids.newId(), bot, at, "ironbeam-2"));
			ProviderStubs.WIREMOCK.stubFor(get(urlPathEqualTo("/ironbeam/v2/order/IB-ACC-1/ANY")).willReturn(okJson("""
					{"orders":[{"orderId":"IB-ORD-8","accountId":"IB-ACC-1","exchSym":"XCME:MES.Z26","status":"REJECTED",
					  "side":"BUY","quantity":1,"orderType":"1","duration":"0",
					  "orderError":{"errorCode":17,"errorText":"Insufficient margin"}}],"status":"OK"}""")));
			venue.onTick(tick(at.plusSeconds(1)));
			assertThat(venue.hasWorking()).isFalse();

			ProviderStubs.WIREMOCK.stubFor(post(urlPathEqualTo("/ironbeam/v2/order/IB-ACC-1/place"))
				.willReturn(okJson("{\"orderId\":\"IB-ORD-9\",\"strategyId\":7,\"status\":\"OK\"}")));
			ProviderStubs.WIREMOCK.stubFor(delete(urlPathEqualTo("/ironbeam/v2/order/IB-ACC-1/cancel/IB-ORD-9"))
				.willReturn(okJson("{\"orders\":[],\"status\":\"OK\"}")));
			venue.place(ticket(cancelled, Ids.newId(), bot, at, "ironbeam-3"));
			venue.close(at.plusSeconds(3));
		});

		assertThat(status(rejected)).isEqualTo("REJECTED BROKER_REJECTED: Insufficient margin");
		assertThat(status(cancelled)).isEqualTo("CANCELLED RUN_ENDED");
		ProviderStubs.WIREMOCK.verify(deleteRequestedFor(urlPathEqualTo("/ironbeam/v2/order/IB-ACC-1/cancel/IB-ORD-9")));
	}

	@Test
	void anOrderIronbeamRefusesInsideA200IsRecordedRejectedAndAsAFailedCall() {
		ProviderStubs.WIREMOCK.stubFor(post(urlPathEqualTo("/ironbeam/v2/order/IB-ACC-1/place"))
			.willReturn(okJson("{\"status\":\"ERROR\",\"message\":\"Order quantity exceeds the account limit\"}")));
		UUID bot = this.live.create("ironbeam", "ironbeam-refused", ACCOUNT);
		IronbeamVenue venue = new IronbeamVenue(this.ironbeam, this.ledger, MES, "XCME:MES.Z26", ACCOUNT);
		UUID order = Ids.newId();

		String refused = CallingContext.callAs(bot, null, () -> venue.place(ticket(order, Ids.newId(), bot, Instant.now(),
				"ironbeam-4")));

		assertThat(refused).contains("refused ironbeam.place_order: Order quantity exceeds the account limit");
		assertThat(venue.hasWorking()).isFalse();
		assertThat(status(order)).startsWith("REJECTED ");
		Await.until(Duration.ofSeconds(10), "the refusal recorded as a failed call", () -> this.jdbc.sql("""
				SELECT count(*) FROM integration_usage_events WHERE bot_id = ? AND endpoint_name = 'ironbeam.place_order'
				    AND status = 'CLIENT_ERROR'""").param(bot).query(Integer.class).single() == 1);
	}

	private static OrderTicket ticket(UUID order, UUID trade, UUID bot, Instant at, String clientOrderId) {
		return new OrderTicket(order, clientOrderId, bot, UUID.randomUUID(), "MES", true, true, BigDecimal.ONE,
				new BigDecimal("6002.00"), trade, "LIVE", "databento", "0af7651916cd43dd8448eb211c803100", at);
	}

	private static MarketTick tick(Instant at) {
		return new MarketTick("MES", new BigDecimal("6002.25"), 1, at, "databento");
	}

	private static void positions(String positions) {
		ProviderStubs.WIREMOCK.stubFor(get(urlPathEqualTo("/ironbeam/v2/account/IB-ACC-1/positions"))
			.withHeader("Authorization", equalTo("Bearer " + ProviderStubs.IRONBEAM_TOKEN))
			.willReturn(okJson("{\"accountId\":\"IB-ACC-1\",\"positions\":" + positions + ",\"status\":\"OK\"}")));
	}

	private static void orders(String status, int fillQuantity, String fillPrice) {
		ProviderStubs.WIREMOCK.stubFor(get(urlPathEqualTo("/ironbeam/v2/order/IB-ACC-1/ANY")).willReturn(okJson("""
				{"orders":[{"orderId":"IB-ORD-7","accountId":"IB-ACC-1","exchSym":"XCME:MES.Z26","status":"%s","side":"BUY",
				  "quantity":1,"orderType":"1","duration":"0","fillQuantity":%d%s},
				 {"orderId":"IB-ORD-8","accountId":"IB-ACC-1","exchSym":"XCME:MES.Z26","status":"NEW","side":"BUY",
				  "quantity":1,"orderType":"1","duration":"0"}],"status":"OK"}"""
			.formatted(status, fillQuantity, (fillPrice != null) ? ",\"fillPrice\":" + fillPrice : ""))));
	}

	private String status(UUID order) {
		return this.jdbc.sql("SELECT status || ' ' || status_reason FROM orders WHERE id = ?").param(order)
			.query(String.class).single();
	}

}
