package dev.observatory.variables;

import java.util.Arrays;
import java.util.Optional;

/**
 * The profit-variable catalog: the named inputs strategies read. A variable's value is computed
 * per bot and instrument in the bot's run; this enum says what it means and where it comes from.
 */
public enum Variable {

	LAST_PRICE("last_price", Category.MARKET, Source.MARKET_DATA, "Price of the latest trade"),
	SPREAD_TICKS("spread_ticks", Category.MARKET, Source.MARKET_DATA,
			"Best ask minus best bid, in ticks; unavailable on trade-only feeds such as the SIM feed"),
	BAR_RETURN_1M("bar_return_1m", Category.MARKET, Source.MARKET_DATA,
			"Return of the last closed 1-minute bar, close over open minus one"),
	VOLUME_1M("volume_1m", Category.MARKET, Source.MARKET_DATA, "Volume traded in the last closed 1-minute bar"),
	EMA_FAST("ema_fast", Category.INDICATOR, Source.MARKET_DATA,
			"Fast exponential moving average of bar closes (the strategy's fast_period)"),
	EMA_SLOW("ema_slow", Category.INDICATOR, Source.MARKET_DATA,
			"Slow exponential moving average of bar closes (the strategy's slow_period)"),
	ATR_14("atr_14", Category.INDICATOR, Source.MARKET_DATA, "Average true range over the last 14 bars (Wilder)"),
	SESSION_VWAP("session_vwap", Category.INDICATOR, Source.MARKET_DATA,
			"Volume-weighted average price since the run or the session began"),
	OPENING_RANGE_HIGH("opening_range_high", Category.INDICATOR, Source.MARKET_DATA,
			"Highest trade in the opening range (the first range_minutes of the session or window)"),
	OPENING_RANGE_LOW("opening_range_low", Category.INDICATOR, Source.MARKET_DATA,
			"Lowest trade in the opening range"),
	POSITION_QTY("position_qty", Category.POSITION, Source.EXECUTION, "The bot's signed position in the instrument"),
	UNREALIZED_PNL("unrealized_pnl", Category.PNL, Source.EXECUTION,
			"Open position marked to the last price, in money (points times point value)"),
	DAILY_PNL("daily_pnl", Category.PNL, Source.EXECUTION,
			"Realised P&L of trades closed today (UTC day) plus unrealised P&L, in money");

	private final String key;

	private final Category category;

	private final Source source;

	private final String description;

	Variable(String key, Category category, Source source, String description) {
		this.key = key;
		this.category = category;
		this.source = source;
		this.description = description;
	}

	public String key() {
		return this.key;
	}

	public Category category() {
		return this.category;
	}

	public Source source() {
		return this.source;
	}

	public String description() {
		return this.description;
	}

	public static Optional<Variable> byKey(String key) {
		return Arrays.stream(values()).filter((v) -> v.key.equals(key)).findFirst();
	}

	public enum Category {

		MARKET, INDICATOR, POSITION, PNL

	}

	/** Which integration a value comes from: the bot's market data provider, or its execution venue. */
	public enum Source {

		MARKET_DATA, EXECUTION

	}

}
