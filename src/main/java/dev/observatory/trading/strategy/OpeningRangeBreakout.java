package dev.observatory.trading.strategy;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import dev.observatory.variables.Variable;
import dev.observatory.variables.VariableBook;
import dev.observatory.variables.VariableBook.Reading;
import org.jspecify.annotations.Nullable;

/**
 * Opening-range breakout: once the opening range has formed, a close above its high enters long and
 * a close below its low enters short, once per range. The position is exited at the range's midpoint
 * (the stop) or one range height beyond the breakout side (the target). Confidence is how far the
 * close broke out, in range heights, capped at 1.
 */
public final class OpeningRangeBreakout implements Strategy {

	private @Nullable Instant tradedRange;

	@Override
	public List<Variable> reads() {
		return List.of(Variable.LAST_PRICE, Variable.OPENING_RANGE_HIGH, Variable.OPENING_RANGE_LOW,
				Variable.POSITION_QTY);
	}

	@Override
	public Signal onBar(VariableBook variables, Instant now) {
		Reading high = variables.read(Variable.OPENING_RANGE_HIGH, now);
		Reading low = variables.read(Variable.OPENING_RANGE_LOW, now);
		Reading last = variables.read(Variable.LAST_PRICE, now);
		if (high.at() == null || low.at() == null) {
			return Signal.none("RANGE_FORMING", "The opening range is still forming");
		}
		if (!last.usable()) {
			return Signal.none("NO_PRICE", "No fresh last price: " + last.state());
		}
		double price = last.value();
		double height = high.value() - low.value();
		double position = variables.read(Variable.POSITION_QTY, now).value();
		Map<String, Object> seen = Map.of("last_price", price, "opening_range_high", high.value(), "opening_range_low",
				low.value(), "position_qty", position);
		if (position != 0) {
			double mid = (high.value() + low.value()) / 2;
			boolean stop = (position > 0) ? price < mid : price > mid;
			boolean target = (position > 0) ? price >= high.value() + height : price <= low.value() - height;
			if (stop || target) {
				String rule = stop ? "ORB_STOP_MIDPOINT" : "ORB_TARGET_ONE_RANGE";
				return new Signal(Signal.Action.EXIT, rule, String.format("%s: last %.4f against range %.4f–%.4f", rule,
						price, low.value(), high.value()), List.of(Signal.reason(rule, seen,
								stop ? Map.of("midpoint", mid) : Map.of("target_range_heights", 1))), null);
			}
			return Signal.none("HOLDING", "Holding the breakout position");
		}
		if (high.at().equals(this.tradedRange)) {
			return Signal.none("RANGE_TRADED", "This opening range has already been traded");
		}
		boolean up = price > high.value();
		boolean down = price < low.value();
		if (!up && !down) {
			return Signal.none("INSIDE_RANGE", String.format("Last %.4f inside the opening range %.4f–%.4f", price,
					low.value(), high.value()));
		}
		this.tradedRange = high.at();
		String rule = up ? "ORB_BREAK_HIGH" : "ORB_BREAK_LOW";
		double beyond = up ? price - high.value() : low.value() - price;
		BigDecimal confidence = (height > 0)
				? BigDecimal.valueOf(Math.min(1.0, beyond / height)).setScale(4, RoundingMode.HALF_UP) : null;
		return new Signal(up ? Signal.Action.ENTER_LONG : Signal.Action.ENTER_SHORT, rule,
				String.format("Last %.4f broke the opening range %s %.4f", price, up ? "high" : "low",
						up ? high.value() : low.value()),
				List.of(Signal.reason(rule, seen, Map.of(up ? "opening_range_high" : "opening_range_low",
						up ? high.value() : low.value()))), confidence);
	}

}
