package dev.observatory.trading.execution;

import java.math.BigDecimal;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * A bot's position in one instrument.
 *
 * @param quantity signed: long above zero, short below
 * @param averagePrice the entry price of what is open (zero when flat)
 * @param openTradeId the trade-log row of the open trade, or null when flat
 */
public record Position(String symbol, BigDecimal quantity, BigDecimal averagePrice, @Nullable UUID openTradeId) {

	public static Position flat(String symbol) {
		return new Position(symbol, BigDecimal.ZERO, BigDecimal.ZERO, null);
	}

	public boolean isFlat() {
		return this.quantity.signum() == 0;
	}

	/** Marked to {@code price}, in money. */
	public BigDecimal unrealized(BigDecimal price, BigDecimal pointValue) {
		return price.subtract(this.averagePrice).multiply(this.quantity).multiply(pointValue);
	}

}
