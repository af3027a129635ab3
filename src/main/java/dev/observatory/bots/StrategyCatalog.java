package dev.observatory.bots;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import tools.jackson.databind.JsonNode;

/**
 * The strategies a bot may name, with the rules for their parameters. The trading runtime
 * implements them; a bot is only ever stored with parameters that passed these rules, defaults
 * filled in.
 */
public final class StrategyCatalog {

	/** EMA crossover: buy when the fast EMA crosses above the slow one, sell when below. */
	public static final String EMA_CROSSOVER = "ema_crossover";

	/** Opening-range breakout: enter when a close breaks the day's opening range. */
	public static final String OPENING_RANGE_BREAKOUT = "opening_range_breakout";

	/**
	 * Every strategy decides on closed bars of {@code bar_seconds}, trades {@code quantity} and waits
	 * {@code cooldown_seconds} after an exit before it enters again.
	 */
	private static final Map<String, IntParam> COMMON = Map.of("bar_seconds", new IntParam(5, 3600, 60), "quantity",
			new IntParam(1, 100, 1), "cooldown_seconds", new IntParam(0, 86_400, 60));

	private static final Map<String, Map<String, IntParam>> STRATEGIES = Map.of(EMA_CROSSOVER,
			withCommon(Map.of("fast_period", new IntParam(2, 200, 9), "slow_period", new IntParam(3, 500, 21))),
			OPENING_RANGE_BREAKOUT, withCommon(Map.of("range_minutes", new IntParam(1, 240, 15))));

	private StrategyCatalog() {
	}

	/** The default of a parameter any strategy has, for bots stored before the parameter existed. */
	public static Optional<Integer> defaultOf(String parameter) {
		return STRATEGIES.values()
			.stream()
			.map((rules) -> rules.get(parameter))
			.filter(java.util.Objects::nonNull)
			.map(IntParam::defaultValue)
			.findFirst();
	}

	public static Set<String> keys() {
		return STRATEGIES.keySet();
	}

	/** The parameters with defaults filled in, or the errors (field names {@code strategy_params.<name>}). */
	static Optional<Map<String, Object>> validate(String key, JsonNode params, FieldErrors errors) {
		Map<String, IntParam> rules = STRATEGIES.get(key);
		if (rules == null) {
			errors.add("strategy_key", "unknown strategy '" + key.replaceAll("[^a-z0-9_]", "?") + "'; known: " + keys());
			return Optional.empty();
		}
		if (!params.isObject() && !params.isMissingNode() && !params.isNull()) {
			errors.add("strategy_params", "must be an object");
			return Optional.empty();
		}
		Map<String, Object> valid = new LinkedHashMap<>();
		for (String name : params.propertyNames()) {
			if (!rules.containsKey(name)) {
				errors.add("strategy_params." + name, "unknown parameter of " + key + "; known: " + rules.keySet());
			}
		}
		for (Map.Entry<String, IntParam> rule : rules.entrySet()) {
			JsonNode value = params.path(rule.getKey());
			IntParam param = rule.getValue();
			if (value.isMissingNode() || value.isNull()) {
				valid.put(rule.getKey(), param.defaultValue());
			}
			else if (!value.isIntegralNumber() || value.asLong() < param.min() || value.asLong() > param.max()) {
				errors.add("strategy_params." + rule.getKey(),
						"must be a whole number from " + param.min() + " to " + param.max());
			}
			else {
				valid.put(rule.getKey(), value.asInt());
			}
		}
		if (EMA_CROSSOVER.equals(key) && valid.get("fast_period") instanceof Integer fast
				&& valid.get("slow_period") instanceof Integer slow && fast >= slow) {
			errors.add("strategy_params.fast_period", "must be less than slow_period");
		}
		return Optional.of(valid);
	}

	private static Map<String, IntParam> withCommon(Map<String, IntParam> own) {
		Map<String, IntParam> all = new LinkedHashMap<>(COMMON);
		all.putAll(own);
		return Map.copyOf(all);
	}

	private record IntParam(int min, int max, int defaultValue) {
	}

}
