package dev.observatory.trading.sim;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Optional;
import java.util.SplittableRandom;

import dev.observatory.trading.Instrument;
import dev.observatory.trading.MarketFeed;
import dev.observatory.trading.MarketTick;

/**
 * The SIM feed: a seeded random walk (log-normal steps) on one instrument, rounded to its real tick
 * size, silent outside its sessions unless the bot trades ALWAYS. The same seed gives the same
 * prices, so a simulated run can be replayed. Every tick it makes is labelled {@code sim}.
 */
public final class SimulatedPriceFeed implements MarketFeed {

	private final Instrument instrument;

	private final SplittableRandom random;

	private final double volatilityPerStep;

	private final boolean alwaysOpen;

	private double price;

	/**
	 * @param volatilityPerStep the standard deviation of one step's log return (e.g. 0.0005)
	 * @param alwaysOpen ignore the sessions (SIM and PAPER bots with {@code session_mode=ALWAYS})
	 */
	public SimulatedPriceFeed(Instrument instrument, long seed, double volatilityPerStep, boolean alwaysOpen) {
		if (!(volatilityPerStep > 0 && volatilityPerStep < 0.1)) {
			throw new IllegalArgumentException("volatilityPerStep must be in (0, 0.1)");
		}
		this.instrument = instrument;
		this.random = new SplittableRandom(seed);
		this.volatilityPerStep = volatilityPerStep;
		this.alwaysOpen = alwaysOpen;
		this.price = instrument.referencePrice().doubleValue();
	}

	/** The next print at {@code now}, or empty while the market is closed (the walk does not move then). */
	@Override
	public Optional<MarketTick> next(Instant now) {
		if (!this.alwaysOpen && !this.instrument.sessions().isOpen(now)) {
			return Optional.empty();
		}
		this.price *= Math.exp(this.volatilityPerStep * gaussian());
		BigDecimal rounded = this.instrument.roundToTick(BigDecimal.valueOf(this.price));
		if (rounded.signum() <= 0) {
			rounded = this.instrument.tickSize();
			this.price = rounded.doubleValue();
		}
		long size = 1 + this.random.nextInt(10);
		return Optional.of(new MarketTick(this.instrument.symbol(), rounded, size, now, "sim"));
	}

	/** A standard normal draw (Box–Muller), from the seeded generator only. */
	private double gaussian() {
		double u1 = 1.0 - this.random.nextDouble();
		double u2 = this.random.nextDouble();
		return Math.sqrt(-2.0 * Math.log(u1)) * Math.cos(2.0 * Math.PI * u2);
	}

}
