package dev.observatory.trading.execution;

import java.time.Instant;
import java.util.List;

import dev.observatory.trading.MarketTick;

/** Where a run's orders go: the paper venue, or a broker. */
public interface Venue {

	/** The venue's key as orders record it ({@code paper}, {@code tradovate}). */
	String key();

	/**
	 * Sends an approved order; the ledger records it either way.
	 *
	 * @return null when the venue accepted it, else the venue's reason for refusing it
	 */
	@org.jspecify.annotations.Nullable String place(OrderTicket ticket);

	/** The fills a market update brings (the paper venue fills on it; a broker reports its own). */
	List<PaperVenue.Filled> onTick(MarketTick tick);

	/** Whether an order is still working: no new order goes out while one is. */
	boolean hasWorking();

	/** The end of the run: what is working is cancelled. */
	void close(Instant now);

}
