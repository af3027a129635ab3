package dev.observatory.trading.risk;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

import dev.observatory.trading.Instrument;

/**
 * An order as the risk engine judges it, with the state it is judged against.
 *
 * @param entry whether it opens or adds to a position (an exit only reduces one)
 * @param quantity always positive; {@code buy} gives the side
 * @param price the order's price (the decision price for a market order)
 * @param lastPrice the latest market price seen
 * @param positionQuantity the bot's signed position in the instrument before the order
 * @param dailyPnl realised today plus unrealised, in money
 */
public record OrderRequest(UUID botId, Instrument instrument, boolean buy, boolean entry, BigDecimal quantity,
		BigDecimal price, BigDecimal lastPrice, BigDecimal positionQuantity, BigDecimal dailyPnl, Instant at) {
}
