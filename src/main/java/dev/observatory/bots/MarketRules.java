package dev.observatory.bots;

import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * The rules on a bot's market side that the trading module owns (which instruments exist, which
 * provider covers them, what a trading window is), so the bots module can refuse a bot that could
 * never trade without knowing the instrument catalog.
 */
public interface MarketRules {

	/**
	 * @param tradingWindow the request's {@code trading_window} (missing or null for none)
	 * @return the problems found (field → message, in order) and the window in its stored form
	 */
	Checked check(BotMode mode, List<String> instruments, @Nullable String dataProvider,
			@Nullable String fallbackProvider, JsonNode tradingWindow);

	record Checked(Map<String, String> problems, @Nullable Map<String, Object> tradingWindow) {
	}

}
