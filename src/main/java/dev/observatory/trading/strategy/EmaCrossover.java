package dev.observatory.trading.strategy;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import dev.observatory.variables.Variable;
import dev.observatory.variables.VariableBook;
import dev.observatory.variables.VariableBook.Reading;

/**
 * EMA crossover on closed bars: when the fast EMA crosses above the slow one, a flat bot enters long
 * and a short bot exits; when it crosses below, a flat bot enters short and a long bot exits.
 * Confidence is the EMAs' separation in units of ATR(14), capped at 1 (none while the ATR is warming up).
 */
public final class EmaCrossover implements Strategy {

	private final int fastPeriod;

	private final int slowPeriod;

	private int lastSide;

	public EmaCrossover(int fastPeriod, int slowPeriod) {
		if (fastPeriod < 2 || slowPeriod <= fastPeriod) {
			throw new IllegalArgumentException("need 2 <= fast_period < slow_period");
		}
		this.fastPeriod = fastPeriod;
		this.slowPeriod = slowPeriod;
	}

	@Override
	public List<Variable> reads() {
		return List.of(Variable.EMA_FAST, Variable.EMA_SLOW, Variable.ATR_14, Variable.POSITION_QTY);
	}

	@Override
	public Signal onBar(VariableBook variables, Instant now) {
		Reading fast = variables.read(Variable.EMA_FAST, now);
		Reading slow = variables.read(Variable.EMA_SLOW, now);
		if (!fast.usable() || !slow.usable()) {
			return Signal.none("WARMING_UP", "Waiting for EMA(" + this.fastPeriod + ") and EMA(" + this.slowPeriod
					+ "): fast " + fast.state() + ", slow " + slow.state());
		}
		int side = Double.compare(fast.value(), slow.value());
		int previous = this.lastSide;
		if (side != 0) {
			// An exact tie keeps the previous side, so fast = slow then above is not a fresh cross.
			this.lastSide = side;
		}
		boolean up = previous < 0 && side > 0;
		boolean down = previous > 0 && side < 0;
		if (!up && !down) {
			return Signal.none("NO_CROSS", String.format("No cross: EMA(%d) %.4f %s EMA(%d) %.4f", this.fastPeriod,
					fast.value(), (side > 0) ? "above" : (side < 0) ? "below" : "equal to", this.slowPeriod, slow.value()));
		}
		double position = variables.read(Variable.POSITION_QTY, now).value();
		Map<String, Object> seen = Map.of("ema_fast", fast.value(), "ema_slow", slow.value(), "position_qty", position);
		String cross = String.format("EMA(%d) %.4f crossed %s EMA(%d) %.4f", this.fastPeriod, fast.value(),
				up ? "above" : "below", this.slowPeriod, slow.value());
		List<Map<String, Object>> reasons = List.of(Signal.reason(up ? "EMA_CROSS_UP" : "EMA_CROSS_DOWN", seen,
				Map.of("ema_fast_minus_ema_slow", up ? "> 0" : "< 0")));
		BigDecimal confidence = confidence(variables.read(Variable.ATR_14, now), fast.value() - slow.value());
		if ((up && position < 0) || (down && position > 0)) {
			return new Signal(Signal.Action.EXIT, up ? "EMA_CROSS_UP" : "EMA_CROSS_DOWN", cross + ": exit the position",
					reasons, confidence);
		}
		if (position == 0) {
			return new Signal(up ? Signal.Action.ENTER_LONG : Signal.Action.ENTER_SHORT,
					up ? "EMA_CROSS_UP" : "EMA_CROSS_DOWN", cross + ": enter " + (up ? "long" : "short"), reasons,
					confidence);
		}
		return Signal.none("ALREADY_POSITIONED", cross + ", already " + ((position > 0) ? "long" : "short"));
	}

	private static BigDecimal confidence(Reading atr, double separation) {
		if (!atr.usable() || atr.value() <= 0) {
			return null;
		}
		return BigDecimal.valueOf(Math.min(1.0, Math.abs(separation) / atr.value())).setScale(4, RoundingMode.HALF_UP);
	}

}
