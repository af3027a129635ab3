package dev.observatory.trading;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import dev.observatory.trading.sim.SimulatedPriceFeed;
import dev.observatory.trading.strategy.EmaCrossover;
import dev.observatory.trading.strategy.Signal;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.within;

/** The SIM feed (seeded, on ticks, in sessions, labelled) and the EMA-crossover signal. */
class SimFeedAndEmaTest {

	private static final Instrument MES = Instruments.find("MES").orElseThrow();

	/** Wednesday 2026-11-25 10:00 in Chicago: the market is open. */
	private static final Instant WEDNESDAY_MORNING = Instant.parse("2026-11-25T16:00:00Z");

	@Test
	void theSameSeedGivesTheSamePricesEveryPriceIsOnATickAndLabelledSimulated() {
		List<BigDecimal> first = prices(new SimulatedPriceFeed(MES, 42, 0.001, false), 500);
		List<BigDecimal> second = prices(new SimulatedPriceFeed(MES, 42, 0.001, false), 500);
		List<BigDecimal> other = prices(new SimulatedPriceFeed(MES, 43, 0.001, false), 500);
		assertThat(first).hasSize(500).isEqualTo(second).isNotEqualTo(other);
		for (BigDecimal price : first) {
			assertThat(price.remainder(MES.tickSize()).signum()).as("%s on a 0.25 tick", price).isZero();
		}
		assertThat(first.stream().distinct().count()).as("the walk moves").isGreaterThan(20);
		MarketTick tick = new SimulatedPriceFeed(MES, 1, 0.001, false).next(WEDNESDAY_MORNING).orElseThrow();
		assertThat(tick.dataSource()).isEqualTo("sim");
		assertThat(tick.simulated()).isTrue();
	}

	@Test
	void theFeedIsSilentOutsideTheExchangesSessionsUnlessAlwaysOpen() {
		Instant saturday = Instant.parse("2026-11-28T16:00:00Z");
		Instant dailyBreak = Instant.parse("2026-11-25T22:30:00Z"); // 16:30 in Chicago
		Instant sundayEvening = Instant.parse("2026-11-29T23:30:00Z"); // 17:30 Sunday in Chicago
		Instant fridayAfterClose = Instant.parse("2026-11-27T22:30:00Z");
		SimulatedPriceFeed exchange = new SimulatedPriceFeed(MES, 7, 0.001, false);
		assertThat(exchange.next(saturday)).isEmpty();
		assertThat(exchange.next(dailyBreak)).isEmpty();
		assertThat(exchange.next(fridayAfterClose)).isEmpty();
		assertThat(exchange.next(sundayEvening)).isPresent();
		assertThat(exchange.next(WEDNESDAY_MORNING)).isPresent();
		assertThat(new SimulatedPriceFeed(MES, 7, 0.001, true).next(saturday)).isPresent();
	}

	@Test
	void emaValuesFollowTheTextbookRecurrence() {
		EmaCrossover ema = new EmaCrossover(2, 3);
		ema.onPrice(BigDecimal.valueOf(10));
		ema.onPrice(BigDecimal.valueOf(13));
		// alpha fast = 2/3, slow = 1/2: fast = 10 + 2/3 * 3 = 12; slow = 10 + 1/2 * 3 = 11.5
		assertThat(ema.fast()).isCloseTo(12.0, within(1e-9));
		assertThat(ema.slow()).isCloseTo(11.5, within(1e-9));
	}

	@Test
	void aCrossUpBuysACrossDownSellsAndEveryOtherPriceSaysWhyNot() {
		EmaCrossover ema = new EmaCrossover(2, 4);
		List<Signal> signals = new ArrayList<>();
		for (int price : new int[] { 100, 100, 100, 90, 85, 80, 90, 100, 110, 120, 110, 100, 90 }) {
			signals.add(ema.onPrice(BigDecimal.valueOf(price)));
		}
		assertThat(signals.subList(0, 3)).extracting(Signal::reasonCode).containsOnly("WARMING_UP");
		assertThat(signals).extracting(Signal::action).containsSubsequence(Signal.Action.BUY, Signal.Action.SELL);
		assertThat(signals.stream().filter((s) -> s.action() == Signal.Action.BUY).count()).isEqualTo(1);
		assertThat(signals.stream().filter((s) -> s.action() == Signal.Action.SELL).count()).isEqualTo(1);
		Signal buy = signals.stream().filter((s) -> s.action() == Signal.Action.BUY).findFirst().orElseThrow();
		assertThat(buy.reasonCode()).isEqualTo("EMA_CROSS_UP");
		assertThat(buy.reason()).contains("crossed above");
		assertThat(signals).filteredOn((s) -> s.action() == Signal.Action.NONE)
			.extracting(Signal::reasonCode)
			.containsOnly("WARMING_UP", "NO_CROSS");
		assertThatIllegalArgumentException().isThrownBy(() -> new EmaCrossover(5, 5));
	}

	private static List<BigDecimal> prices(SimulatedPriceFeed feed, int count) {
		List<BigDecimal> prices = new ArrayList<>();
		Instant now = WEDNESDAY_MORNING;
		for (int i = 0; i < count; i++) {
			Optional<MarketTick> tick = feed.next(now);
			tick.ifPresent((t) -> prices.add(t.price()));
			now = now.plus(Duration.ofSeconds(1));
		}
		return prices;
	}

}
