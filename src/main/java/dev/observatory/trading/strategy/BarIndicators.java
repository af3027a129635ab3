package dev.observatory.trading.strategy;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.function.Function;

import dev.observatory.trading.MarketTick;
import dev.observatory.trading.MinuteBar;
import dev.observatory.variables.Variable;
import dev.observatory.variables.VariableBook;
import org.jspecify.annotations.Nullable;

/**
 * Turns one instrument's trades into the market variables: the last price, bars of the strategy's
 * size (EMAs and ATR on their closes), 1-minute bars, the VWAP since the run or the day began, and
 * the opening range of each trading day. Every value is written to the bot's book with the data
 * source of the trades it came from. Incremental: O(1) per trade.
 */
public final class BarIndicators {

	private final VariableBook book;

	private final Duration barSize;

	private final int fastPeriod;

	private final int slowPeriod;

	private final Duration rangeLength;

	private final Function<Instant, @Nullable LocalDate> rangeDay;

	private final Bar bar = new Bar();

	private final Bar minuteBar = new Bar();

	private double fastEma;

	private double slowEma;

	private long closedBars;

	private double atr = Double.NaN;

	private double previousClose = Double.NaN;

	private double vwapNotional;

	private double vwapVolume;

	private @Nullable LocalDate vwapDay;

	private @Nullable LocalDate rangeDate;

	private @Nullable Instant rangeStart;

	private double rangeHigh;

	private double rangeLow;

	private boolean rangeComplete;

	/**
	 * @param rangeDay the trading day a trade belongs to for the opening range and the VWAP, or null
	 * when it is outside the window that counts (a trade outside the bot's trading window)
	 */
	public BarIndicators(VariableBook book, Duration barSize, int fastPeriod, int slowPeriod, Duration rangeLength,
			Function<Instant, @Nullable LocalDate> rangeDay) {
		this.book = book;
		this.barSize = barSize;
		this.fastPeriod = fastPeriod;
		this.slowPeriod = slowPeriod;
		this.rangeLength = rangeLength;
		this.rangeDay = rangeDay;
	}

	/**
	 * Seeds the bar indicators (EMAs, ATR) from closed one-minute bars of the provider's history,
	 * oldest first, grouped into bars of the strategy's size; each value is stamped with the end of
	 * the bar it came from and labelled with the bars' provider. A group that ends after {@code now}
	 * is still running: it is left to the live trades. Does nothing when the strategy's bars are not
	 * whole minutes.
	 *
	 * @return the strategy-size bars seeded
	 */
	public int warmUp(List<MinuteBar> history, Instant now) {
		long minutes = this.barSize.toMinutes();
		if (minutes < 1 || !this.barSize.equals(Duration.ofMinutes(minutes))) {
			return 0;
		}
		int seeded = 0;
		Ohlc group = null;
		long groupBucket = Long.MIN_VALUE;
		for (MinuteBar minute : history) {
			long bucket = Math.floorDiv(minute.start().getEpochSecond(), this.barSize.toSeconds());
			if (bucket != groupBucket) {
				if (group != null) {
					seeded += seed(group, groupBucket, now, minute.dataSource());
				}
				group = new Ohlc();
				group.open = minute.open();
				group.high = minute.high();
				group.low = minute.low();
				groupBucket = bucket;
			}
			group.high = Math.max(group.high, minute.high());
			group.low = Math.min(group.low, minute.low());
			group.close = minute.close();
			group.volume += minute.volume();
		}
		if (group != null) {
			seeded += seed(group, groupBucket, now, history.get(history.size() - 1).dataSource());
		}
		return seeded;
	}

	private int seed(Ohlc bar, long bucket, Instant now, String source) {
		Instant end = barEnd(bucket);
		if (end.isAfter(now)) {
			return 0;
		}
		onBarClose(bar, end, source);
		return 1;
	}

	private Instant barEnd(long bucket) {
		return Instant.ofEpochSecond((bucket + 1) * this.barSize.toSeconds());
	}

	/** Takes one trade; returns true when it closed a bar of the strategy's size (a moment to decide). */
	public boolean onTrade(MarketTick tick) {
		String source = tick.dataSource();
		double price = tick.price().doubleValue();
		this.book.set(Variable.LAST_PRICE, price, tick.time(), source);
		LocalDate day = this.rangeDay.apply(tick.time());
		vwap(day, price, tick.size(), tick, source);
		openingRange(day, price, tick, source);
		if (this.minuteBar.roll(tick.time(), Duration.ofMinutes(1))) {
			this.book.set(Variable.BAR_RETURN_1M, this.minuteBar.closed.close / this.minuteBar.closed.open - 1,
					tick.time(), source);
			this.book.set(Variable.VOLUME_1M, this.minuteBar.closed.volume, tick.time(), source);
		}
		this.minuteBar.add(price, tick.size());
		boolean closed = this.bar.roll(tick.time(), this.barSize);
		if (closed) {
			onBarClose(this.bar.closed, tick.time(), source);
		}
		this.bar.add(price, tick.size());
		return closed;
	}

	private void onBarClose(Ohlc closed, Instant at, String source) {
		this.closedBars++;
		double fastAlpha = 2.0 / (this.fastPeriod + 1);
		double slowAlpha = 2.0 / (this.slowPeriod + 1);
		if (this.closedBars == 1) {
			this.fastEma = closed.close;
			this.slowEma = closed.close;
		}
		else {
			this.fastEma += fastAlpha * (closed.close - this.fastEma);
			this.slowEma += slowAlpha * (closed.close - this.slowEma);
		}
		// An EMA is only published once it has seen its period: before that it is the first price, not an average.
		if (this.closedBars >= this.fastPeriod) {
			this.book.set(Variable.EMA_FAST, this.fastEma, at, source);
		}
		if (this.closedBars >= this.slowPeriod) {
			this.book.set(Variable.EMA_SLOW, this.slowEma, at, source);
		}
		double trueRange = Double.isNaN(this.previousClose) ? closed.high - closed.low
				: Math.max(closed.high, this.previousClose) - Math.min(closed.low, this.previousClose);
		this.atr = (this.closedBars == 1) ? trueRange : this.atr + (trueRange - this.atr) / Math.min(this.closedBars, 14);
		this.previousClose = closed.close;
		if (this.closedBars >= 14) {
			this.book.set(Variable.ATR_14, this.atr, at, source);
		}
	}

	private void vwap(@Nullable LocalDate day, double price, long size, MarketTick tick, String source) {
		if (day != null && !day.equals(this.vwapDay)) {
			this.vwapDay = day;
			this.vwapNotional = 0;
			this.vwapVolume = 0;
		}
		this.vwapNotional += price * size;
		this.vwapVolume += size;
		this.book.set(Variable.SESSION_VWAP, this.vwapNotional / this.vwapVolume, tick.time(), source);
	}

	private void openingRange(@Nullable LocalDate day, double price, MarketTick tick, String source) {
		if (day == null) {
			return;
		}
		if (!day.equals(this.rangeDate)) {
			this.rangeDate = day;
			this.rangeStart = tick.time();
			this.rangeHigh = price;
			this.rangeLow = price;
			this.rangeComplete = false;
			this.book.clear(Variable.OPENING_RANGE_HIGH);
			this.book.clear(Variable.OPENING_RANGE_LOW);
			return;
		}
		if (this.rangeComplete) {
			return;
		}
		if (tick.time().isBefore(this.rangeStart.plus(this.rangeLength))) {
			this.rangeHigh = Math.max(this.rangeHigh, price);
			this.rangeLow = Math.min(this.rangeLow, price);
			return;
		}
		this.rangeComplete = true;
		this.book.set(Variable.OPENING_RANGE_HIGH, this.rangeHigh, tick.time(), source);
		this.book.set(Variable.OPENING_RANGE_LOW, this.rangeLow, tick.time(), source);
	}

	private static final class Ohlc {

		double open;

		double high;

		double low;

		double close;

		long volume;

	}

	/** A bar being built, and the one it last closed. */
	private static final class Bar {

		final Ohlc closed = new Ohlc();

		final Ohlc building = new Ohlc();

		@Nullable Instant bucket;

		boolean empty = true;

		/** Moves to the bucket of {@code time}; true when that closed a non-empty bar. */
		boolean roll(Instant time, Duration size) {
			long millis = size.toMillis();
			Instant bucketOf = Instant.ofEpochMilli(Math.floorDiv(time.toEpochMilli(), millis) * millis);
			if (bucketOf.equals(this.bucket)) {
				return false;
			}
			this.bucket = bucketOf;
			if (this.empty) {
				return false;
			}
			this.closed.open = this.building.open;
			this.closed.high = this.building.high;
			this.closed.low = this.building.low;
			this.closed.close = this.building.close;
			this.closed.volume = this.building.volume;
			this.empty = true;
			return true;
		}

		void add(double price, long size) {
			if (this.empty) {
				this.building.open = price;
				this.building.high = price;
				this.building.low = price;
				this.building.volume = 0;
				this.empty = false;
			}
			this.building.high = Math.max(this.building.high, price);
			this.building.low = Math.min(this.building.low, price);
			this.building.close = price;
			this.building.volume += size;
		}

	}

}
