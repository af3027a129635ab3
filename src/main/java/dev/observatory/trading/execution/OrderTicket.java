package dev.observatory.trading.execution;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * An approved order on its way to a venue.
 *
 * @param clientOrderId our idempotency key: a retried placement carries the same one
 * @param instanceId the run that placed it, or null for an order no run placed (a kill's flatten)
 * @param tradeLogId the trade it opens (allocated with the decision, so the decision trace can name it)
 * or the open trade it closes
 * @param decisionPrice the price the decision was taken at (the bar close)
 * @param dataSource where the prices it is judged and filled against come from
 */
public record OrderTicket(UUID id, String clientOrderId, UUID botId, @Nullable UUID instanceId, String symbol, boolean buy,
		boolean entry, BigDecimal quantity, BigDecimal decisionPrice, UUID tradeLogId, String mode, String dataSource,
		String traceId, Instant at) {

	public String side() {
		return this.buy ? "BUY" : "SELL";
	}

}
