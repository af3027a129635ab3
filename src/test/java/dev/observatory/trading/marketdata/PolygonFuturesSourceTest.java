package dev.observatory.trading.marketdata;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

import dev.observatory.integrations.polygon.PolygonFuturesStream;
import dev.observatory.integrations.stubs.OwnUsageStubTest;
import dev.observatory.integrations.stubs.ProviderStubs;
import dev.observatory.test.Await;
import dev.observatory.trading.Instrument;
import dev.observatory.trading.Instruments;
import dev.observatory.trading.MarketTick;
import dev.observatory.trading.execution.ContractMonths;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Polygon's beta futures stream as a futures bot's fallback, against the local stream stub: opted in,
 * it subscribes to the front contract's minute aggregates as the bot and delivers their closes; a
 * minute bar is judged stale only after 150 s; not opted in, it says why it delivers nothing.
 */
@OwnUsageStubTest
class PolygonFuturesSourceTest {

	private static final Instrument MES = Instruments.find("MES").orElseThrow();

	@Autowired
	PolygonFuturesStream stream;

	@Autowired
	JdbcClient jdbc;

	@BeforeEach
	void setUp() {
		ProviderStubs.reset();
	}

	@AfterEach
	void tearDown() {
		ProviderStubs.reset();
	}

	@Test
	void optedInItSubscribesToTheFrontContractsMinuteBarsAsTheBotAndDeliversTheirCloses() {
		UUID bot = UUID.randomUUID();
		String contract = ContractMonths.front(MES, Instant.now()).orElseThrow();
		try (PolygonFuturesSource source = new PolygonFuturesSource(this.stream, MES, true, Clock.systemUTC(), bot, null)) {
			Await.until(Duration.ofSeconds(10), "the subscription",
					() -> ProviderStubs.POLYGON_FUTURES.subscriptions().contains("AM." + contract));

			ProviderStubs.POLYGON_FUTURES.minute(contract, "6001.30", 120, Instant.now().toEpochMilli());
			AtomicReference<MarketTick> tick = new AtomicReference<>();
			Await.until(Duration.ofSeconds(10), "the bar's close delivered",
					() -> source.poll().map((delivered) -> {
						tick.set(delivered);
						return true;
					}).orElse(false));

			assertThat(tick.get().price()).as("on the instrument's tick").isEqualByComparingTo("6001.25");
			assertThat(tick.get().size()).isEqualTo(120);
			assertThat(tick.get().dataSource()).isEqualTo("polygon");
			assertThat(source.label()).contains("beta");
			assertThat(source.staleAfter(Duration.ofSeconds(30))).isEqualTo(Duration.ofSeconds(150));
		}
		Await.until(Duration.ofSeconds(10), "the session opened as the bot's call", () -> this.jdbc.sql("""
				SELECT count(*) FROM integration_usage_events WHERE bot_id = ? AND endpoint_name = 'polygon.futures.session'
				    AND status = 'OK'""").param(bot).query(Integer.class).single() > 0);
	}

	@Test
	void withoutTheOptInItDeliversNothingAndSaysWhy() {
		try (PolygonFuturesSource source = new PolygonFuturesSource(this.stream, MES, false, Clock.systemUTC(),
				UUID.randomUUID(), null)) {
			Await.until(Duration.ofSeconds(10), "the reason", () -> source.problem() != null);
			assertThat(source.problem()).contains("POLYGON_FUTURES_BETA=true");
			assertThat(source.poll()).isEmpty();
			assertThat(ProviderStubs.POLYGON_FUTURES.subscriptions()).isEmpty();
		}
	}

	@Test
	void theRouteJudgesEachSourceByItsOwnSilenceAndTheTraderByTheSourceInUse() {
		Instant now = Instant.parse("2026-12-02T15:00:00Z");
		FixedSource primary = new FixedSource("databento", null, Duration.ZERO);
		FixedSource fallback = new FixedSource("polygon", now.minusSeconds(100), Duration.ofSeconds(150));
		RoutedFeed feed = new RoutedFeed(primary, fallback, Duration.ofSeconds(30), (at) -> true,
				new RoutedFeed.Listener() {
					@Override
					public void routeChanged(RoutedFeed.Route from, RoutedFeed.Route to, @Nullable String fromProvider,
							@Nullable String toProvider, String why) {
					}

					@Override
					public void closed(RoutedFeed.Route route) {
					}
				}, now.minusSeconds(600));

		feed.next(now);

		assertThat(feed.staleAfter(Duration.ofSeconds(30))).as("a minute bar 100 s ago is not stale for this source")
			.isEqualTo(Duration.ofSeconds(150));
		fallback.last = now.minusSeconds(151);
		feed.next(now);
		assertThat(feed.staleAfter(Duration.ofSeconds(30))).as("MISSING: judged by the primary again")
			.isEqualTo(Duration.ofSeconds(30));
	}

	/** A source whose last delivery the test sets. */
	private static final class FixedSource implements QuoteSource {

		private final String provider;

		private final Duration silence;

		@Nullable Instant last;

		FixedSource(String provider, @Nullable Instant last, Duration silence) {
			this.provider = provider;
			this.last = last;
			this.silence = silence;
		}

		@Override
		public String provider() {
			return this.provider;
		}

		@Override
		public Duration staleAfter(Duration configured) {
			return this.silence.isZero() ? configured : this.silence;
		}

		@Override
		public Optional<MarketTick> poll() {
			return Optional.ofNullable(this.last)
				.map((at) -> new MarketTick("MES", BigDecimal.ONE, 1, at, this.provider));
		}

		@Override
		public @Nullable String problem() {
			return null;
		}

		@Override
		public @Nullable Instant lastDeliveredAt() {
			return this.last;
		}

		@Override
		public void close() {
		}

	}

}
