package dev.observatory.trading.strategy;

import java.math.BigDecimal;

/**
 * EMA crossover: BUY when the fast exponential moving average crosses above the slow one, SELL
 * when it crosses below, otherwise NONE with the reason (warming up, no cross). Incremental: one
 * update per price, O(1). The EMAs start at the first price (SMA seeding would delay signals by a
 * whole slow period for no benefit here).
 */
public final class EmaCrossover {

	private final int fastPeriod;

	private final int slowPeriod;

	private final double fastAlpha;

	private final double slowAlpha;

	private double fast;

	private double slow;

	private long seen;

	private int lastSide;

	public EmaCrossover(int fastPeriod, int slowPeriod) {
		if (fastPeriod < 2 || slowPeriod <= fastPeriod) {
			throw new IllegalArgumentException("need 2 <= fast_period < slow_period");
		}
		this.fastPeriod = fastPeriod;
		this.slowPeriod = slowPeriod;
		this.fastAlpha = 2.0 / (fastPeriod + 1);
		this.slowAlpha = 2.0 / (slowPeriod + 1);
	}

	public Signal onPrice(BigDecimal price) {
		double value = price.doubleValue();
		if (this.seen == 0) {
			this.fast = value;
			this.slow = value;
		}
		else {
			this.fast += this.fastAlpha * (value - this.fast);
			this.slow += this.slowAlpha * (value - this.slow);
		}
		this.seen++;
		if (this.seen < this.slowPeriod) {
			return new Signal(Signal.Action.NONE, "WARMING_UP",
					"Warming up: " + this.seen + " of " + this.slowPeriod + " prices seen");
		}
		int side = Double.compare(this.fast, this.slow);
		int previous = this.lastSide;
		if (side != 0) {
			// An exact tie keeps the previous side, so fast = slow then above is not a fresh cross.
			this.lastSide = side;
		}
		// A cross needs a side before it: the first judged price only sets one.
		if (previous < 0 && side > 0) {
			return new Signal(Signal.Action.BUY, "EMA_CROSS_UP", String.format("EMA(%d) %.4f crossed above EMA(%d) %.4f",
					this.fastPeriod, this.fast, this.slowPeriod, this.slow));
		}
		if (previous > 0 && side < 0) {
			return new Signal(Signal.Action.SELL, "EMA_CROSS_DOWN", String.format("EMA(%d) %.4f crossed below EMA(%d) %.4f",
					this.fastPeriod, this.fast, this.slowPeriod, this.slow));
		}
		return new Signal(Signal.Action.NONE, "NO_CROSS", String.format("No cross: EMA(%d) %.4f %s EMA(%d) %.4f",
				this.fastPeriod, this.fast, (side > 0) ? "above" : (side < 0) ? "below" : "equal to", this.slowPeriod,
				this.slow));
	}

	public double fast() {
		return this.fast;
	}

	public double slow() {
		return this.slow;
	}

}
