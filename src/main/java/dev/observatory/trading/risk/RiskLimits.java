package dev.observatory.trading.risk;

import java.math.BigDecimal;
import java.util.Map;

/**
 * A bot's pre-trade limits, from its {@code risk_limits} with a conservative default for each one
 * it leaves out: a bot never trades without a limit.
 *
 * @param maxPosition the largest absolute position per instrument, in contracts or shares
 * @param maxOrderQuantity the largest single order
 * @param maxDailyLoss the loss (realised plus unrealised, in money) at which new entries stop for the day
 * @param maxOrdersPerMinute orders approved in any rolling minute
 * @param priceCollarTicks how far an order's price may be from the last price
 */
public record RiskLimits(BigDecimal maxPosition, BigDecimal maxOrderQuantity, BigDecimal maxDailyLoss,
		int maxOrdersPerMinute, int priceCollarTicks) {

	/** The defaults, documented in docs/configuration.md. */
	public static final RiskLimits DEFAULTS = new RiskLimits(BigDecimal.ONE, BigDecimal.ONE, new BigDecimal("500"), 6,
			20);

	public static RiskLimits of(Map<?, ?> stored) {
		return new RiskLimits(decimal(stored.get("max_position"), DEFAULTS.maxPosition),
				decimal(stored.get("max_order_qty"), DEFAULTS.maxOrderQuantity),
				decimal(stored.get("max_daily_loss"), DEFAULTS.maxDailyLoss),
				whole(stored.get("max_orders_per_minute"), DEFAULTS.maxOrdersPerMinute),
				whole(stored.get("price_collar_ticks"), DEFAULTS.priceCollarTicks));
	}

	private static BigDecimal decimal(Object value, BigDecimal fallback) {
		return (value instanceof Number number) ? new BigDecimal(number.toString()) : fallback;
	}

	private static int whole(Object value, int fallback) {
		return (value instanceof Number number) ? number.intValue() : fallback;
	}

}
