package dev.observatory.trading;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import dev.observatory.trading.sim.SimulatedPriceFeed;
import dev.observatory.trading.strategy.BarIndicators;
import dev.observatory.trading.strategy.EmaCrossover;
import dev.observatory.trading.strategy.OpeningRangeBreakout;
import dev.observatory.trading.strategy.Signal;
import dev.observatory.variables.Variable;
import dev.observatory.variables.VariableBook;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.within;

/** The SIM feed (seeded, on ticks, in sessions, labelled), the bar indicators, both strategies and the variable book. */
class StrategiesTest {

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
	void emaValuesFollowTheTextbookRecurrenceOnBarClosesAndArePublishedOnlyOnceWarm() {
		VariableBook book = book(new ArrayList<>());
		BarIndicators bars = indicators(book, 2, 3);
		Instant start = WEDNESDAY_MORNING;
		bars.onTrade(tick(10, start));
		assertThat(bars.onTrade(tick(13, start.plusSeconds(5)))).as("the first bar closes").isTrue();
		assertThat(book.peek(Variable.EMA_FAST, start.plusSeconds(5)).state()).isEqualTo(VariableBook.State.UNAVAILABLE);
		bars.onTrade(tick(16, start.plusSeconds(10)));
		// bar closes 10, 13: alpha fast = 2/3, slow = 1/2: fast = 10 + 2/3 * 3 = 12; slow = 10 + 1/2 * 3 = 11.5
		assertThat(book.peek(Variable.EMA_FAST, start.plusSeconds(10)).value()).isCloseTo(12.0, within(1e-9));
		assertThat(book.peek(Variable.EMA_SLOW, start.plusSeconds(10)).state()).as("slow needs 3 bars")
			.isEqualTo(VariableBook.State.UNAVAILABLE);
		bars.onTrade(tick(16, start.plusSeconds(15)));
		assertThat(book.peek(Variable.EMA_SLOW, start.plusSeconds(15)).value()).isCloseTo(13.75, within(1e-9));
		assertThat(book.peek(Variable.LAST_PRICE, start.plusSeconds(15)).provider()).isEqualTo("sim");
	}

	@Test
	void historyWarmsTheEmasUpWithTheSameRecurrenceLabelledWithItsProvider() {
		Instant start = WEDNESDAY_MORNING;
		List<MinuteBar> history = List.of(minute(start, 10), minute(start.plusSeconds(60), 13),
				minute(start.plusSeconds(120), 16), minute(start.plusSeconds(180), 99));
		VariableBook book = book(new ArrayList<>());
		BarIndicators bars = new BarIndicators(book, Duration.ofMinutes(1), 2, 3, Duration.ofMinutes(15), (at) -> null);

		// The fourth minute ends at start + 4 min: still running at start + 3.5 min, so left to the live trades.
		assertThat(bars.warmUp(history, start.plusSeconds(210))).isEqualTo(3);

		// closes 10, 13, 16 as in the live recurrence: fast = 12 + 2/3 * 4 = 14.67, slow = 11.5 + 1/2 * 4.5 = 13.75
		VariableBook.Reading slow = book.peek(Variable.EMA_SLOW, start.plusSeconds(210));
		assertThat(slow.value()).isCloseTo(13.75, within(1e-9));
		assertThat(slow.provider()).isEqualTo("databento");
		assertThat(slow.at()).as("stamped with the end of its bar").isEqualTo(start.plusSeconds(180));
		assertThat(book.peek(Variable.EMA_FAST, start.plusSeconds(210)).value()).isCloseTo(14.0 + 2.0 / 3, within(1e-9));

		VariableBook fiveMinuteBook = book(new ArrayList<>());
		BarIndicators fiveMinute = new BarIndicators(fiveMinuteBook, Duration.ofMinutes(5), 2, 3, Duration.ofMinutes(15),
				(at) -> null);
		List<MinuteBar> tenMinutes = new ArrayList<>();
		Instant aligned = Instant.parse("2026-12-02T15:00:00Z");
		for (int i = 0; i < 10; i++) {
			tenMinutes.add(minute(aligned.plusSeconds(60L * i), 100 + i));
		}
		assertThat(fiveMinute.warmUp(tenMinutes, aligned.plusSeconds(600))).as("minutes grouped in fives").isEqualTo(2);
		// each bar closes on its fifth minute: 104, then 109; fast = 104 + 2/3 * 5
		assertThat(fiveMinuteBook.peek(Variable.EMA_FAST, aligned.plusSeconds(600)).value())
			.isCloseTo(104 + 10.0 / 3, within(1e-9));
		assertThat(new BarIndicators(book(new ArrayList<>()), Duration.ofSeconds(5), 2, 3, Duration.ofMinutes(15),
				(at) -> null).warmUp(tenMinutes, aligned.plusSeconds(600))).as("bars that are not whole minutes").isZero();
	}

	private static MinuteBar minute(Instant start, double close) {
		return new MinuteBar(start, close, close + 1, close - 1, close, 100, "databento");
	}

	@Test
	void aCrossUpEntersLongACrossDownExitsAndEveryOtherBarSaysWhyNot() {
		VariableBook book = book(new ArrayList<>());
		BarIndicators bars = indicators(book, 2, 4);
		EmaCrossover ema = new EmaCrossover(2, 4);
		List<Signal> signals = new ArrayList<>();
		Instant at = WEDNESDAY_MORNING;
		double position = 0;
		for (int price : new int[] { 100, 100, 100, 100, 90, 85, 80, 90, 100, 110, 120, 110, 100, 90, 80 }) {
			book.set(Variable.POSITION_QTY, position, at, "execution");
			if (bars.onTrade(tick(price, at))) {
				Signal signal = ema.onBar(book, at);
				signals.add(signal);
				position += (signal.action() == Signal.Action.ENTER_LONG) ? 1 : (signal.action() == Signal.Action.EXIT) ? -position : 0;
			}
			at = at.plusSeconds(5);
		}
		assertThat(signals.subList(0, 3)).extracting(Signal::reasonCode).containsOnly("WARMING_UP");
		assertThat(signals).extracting(Signal::action).containsSubsequence(Signal.Action.ENTER_LONG, Signal.Action.EXIT);
		Signal entry = signals.stream().filter((s) -> s.action() == Signal.Action.ENTER_LONG).findFirst().orElseThrow();
		assertThat(entry.reasonCode()).isEqualTo("EMA_CROSS_UP");
		assertThat(entry.reasons()).singleElement().satisfies((reason) -> {
			assertThat(reason.get("rule")).isEqualTo("EMA_CROSS_UP");
			assertThat(String.valueOf(reason.get("variables"))).contains("ema_fast", "ema_slow", "position_qty");
		});
		assertThat(signals).filteredOn((s) -> s.action() == Signal.Action.NONE)
			.extracting(Signal::reasonCode)
			.containsOnly("WARMING_UP", "NO_CROSS");
		assertThatIllegalArgumentException().isThrownBy(() -> new EmaCrossover(5, 5));
	}

	@Test
	void theOpeningRangeBreakoutEntersOnceOnABreakAndExitsAtTheMidpoint() {
		VariableBook book = book(new ArrayList<>());
		Instant open = WEDNESDAY_MORNING;
		BarIndicators bars = new BarIndicators(book, Duration.ofSeconds(5), 2, 3, Duration.ofMinutes(1),
				(at) -> java.time.LocalDate.of(2026, 11, 25));
		OpeningRangeBreakout orb = new OpeningRangeBreakout();
		book.set(Variable.POSITION_QTY, 0, open, "execution");
		// The range: 100-104 during its first minute.
		int[] range = { 100, 104, 101, 102 };
		for (int i = 0; i < range.length; i++) {
			bars.onTrade(tick(range[i], open.plusSeconds(i * 15L)));
		}
		assertThat(orb.onBar(book, open.plusSeconds(50)).reasonCode()).isEqualTo("RANGE_FORMING");
		bars.onTrade(tick(103, open.plusSeconds(61)));
		assertThat(orb.onBar(book, open.plusSeconds(61)).reasonCode()).isEqualTo("INSIDE_RANGE");
		bars.onTrade(tick(106, open.plusSeconds(66)));
		Signal breakout = orb.onBar(book, open.plusSeconds(66));
		assertThat(breakout.action()).isEqualTo(Signal.Action.ENTER_LONG);
		assertThat(breakout.reasonCode()).isEqualTo("ORB_BREAK_HIGH");
		assertThat(breakout.confidence()).isEqualByComparingTo("0.5000");
		assertThat(orb.onBar(book, open.plusSeconds(67)).reasonCode()).as("once per range").isEqualTo("RANGE_TRADED");
		book.set(Variable.POSITION_QTY, 1, open.plusSeconds(70), "execution");
		bars.onTrade(tick(101, open.plusSeconds(71)));
		Signal stop = orb.onBar(book, open.plusSeconds(71));
		assertThat(stop.action()).isEqualTo(Signal.Action.EXIT);
		assertThat(stop.reasonCode()).isEqualTo("ORB_STOP_MIDPOINT");
	}

	@Test
	void readsAreCountedPerVariableAndProviderAndWrittenAsOneRowEachPerFlush() {
		List<VariableBook.Row> written = new ArrayList<>();
		VariableBook book = book(written);
		Instant at = WEDNESDAY_MORNING;
		book.flushIfDue(at);
		book.set(Variable.LAST_PRICE, 100, at, "databento");
		for (int i = 0; i < 1000; i++) {
			book.read(Variable.LAST_PRICE, at);
		}
		assertThat(book.read(Variable.SPREAD_TICKS, at).state()).as("never set").isEqualTo(VariableBook.State.UNAVAILABLE);
		book.set(Variable.LAST_PRICE, 101, at.plusSeconds(1), "polygon");
		book.read(Variable.LAST_PRICE, at.plusSeconds(1));
		assertThat(written).as("a provider switch closes the old provider's counts").singleElement().satisfies((row) -> {
			assertThat(row.variable()).isEqualTo("last_price");
			assertThat(row.provider()).isEqualTo("databento");
			assertThat(row.reads()).isEqualTo(1000);
		});
		book.flushIfDue(at.plusSeconds(61));
		assertThat(written).hasSize(2);
		assertThat(written.get(1).provider()).isEqualTo("polygon");
		assertThat(written.get(1).reads()).isEqualTo(1);
		assertThat(book.read(Variable.LAST_PRICE, at.plus(Duration.ofMinutes(5))).state()).isEqualTo(VariableBook.State.STALE);
	}

	private static VariableBook book(List<VariableBook.Row> sink) {
		return new VariableBook(java.util.UUID.randomUUID(), "SIM", Duration.ofMinutes(2), Duration.ofSeconds(10),
				(bot, mode, minute, rows) -> sink.addAll(rows));
	}

	private static BarIndicators indicators(VariableBook book, int fast, int slow) {
		return new BarIndicators(book, Duration.ofSeconds(5), fast, slow, Duration.ofMinutes(15), (at) -> null);
	}

	private static MarketTick tick(int price, Instant at) {
		return new MarketTick("MES", BigDecimal.valueOf(price), 1, at, "sim");
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
