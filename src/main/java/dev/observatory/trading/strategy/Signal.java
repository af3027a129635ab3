package dev.observatory.trading.strategy;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * What a strategy concluded on a closed bar, and why: always with a reason code and a sentence, and
 * for a trade idea the structured reasons a decision trace keeps (each rule with the variable values
 * it saw and its threshold) and the strategy's own confidence, if it has a measure of one.
 */
public record Signal(Action action, String reasonCode, String reason, List<Map<String, Object>> reasons,
		@Nullable BigDecimal confidence) {

	public static Signal none(String reasonCode, String reason) {
		return new Signal(Action.NONE, reasonCode, reason, List.of(), null);
	}

	public boolean isTrade() {
		return this.action != Action.NONE;
	}

	public enum Action {

		ENTER_LONG, ENTER_SHORT, EXIT, NONE;

		public boolean isEntry() {
			return this == ENTER_LONG || this == ENTER_SHORT;
		}

	}

	/** One structured reason: the rule, the variable values it read, the threshold it compared them with. */
	public static Map<String, Object> reason(String rule, Map<String, Object> variables, Object threshold) {
		return Map.of("rule", rule, "variables", variables, "threshold", threshold);
	}

}
