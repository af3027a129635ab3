package dev.observatory.trading.risk;

/**
 * Why the risk engine refused an order.
 *
 * @param code which check refused it
 * @param message the check, the value and the limit, in words
 */
public record RiskDenial(Code code, String message) {

	public enum Code {

		/** The engine's checker is not beating or its limits are out of date: nothing passes. */
		RISK_ENGINE_DISCONNECTED,
		/** The engine holds no limits for the bot (created after the last load). */
		NO_LIMITS,
		MAX_POSITION, MAX_ORDER_QUANTITY, MAX_DAILY_LOSS, MAX_ORDERS_PER_MINUTE, PRICE_COLLAR,
		/** Outside the instrument's session or the bot's trading window. */
		OUTSIDE_SESSION,
		/** A LIVE bot whose {@code is_trading_enabled} is false. */
		LIVE_TRADING_DISABLED,
		/** The bot is in reduce-only (the kill switch's soft form): entries are refused. */
		REDUCE_ONLY

	}

}
