package dev.observatory.trading;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * One trade print a strategy sees. {@code dataSource} says where it came from ({@code sim},
 * {@code databento}, {@code polygon}); {@link #simulated()} is true for made-up prices, so nothing
 * simulated can pass for real.
 */
public record MarketTick(String symbol, BigDecimal price, long size, Instant time, String dataSource) {

	public boolean simulated() {
		return "sim".equals(this.dataSource);
	}

}
