package dev.observatory.trading.marketdata;

import java.time.Instant;
import java.util.Optional;

import dev.observatory.trading.MarketTick;
import org.jspecify.annotations.Nullable;

/**
 * One provider's trades for one instrument, delivered in the background: the bot's run loop polls
 * it without ever blocking on the network.
 */
interface QuoteSource extends AutoCloseable {

	/** The provider key ({@code databento}, {@code polygon}). */
	String provider();

	/** The newest trade received since the last poll, stamped when it arrived; empty when none arrived. */
	Optional<MarketTick> poll();

	/** Why the source is not delivering, if it knows (a refused session, an error record), or null. */
	@Nullable String problem();

	/** When the source last delivered a trade, or null if never. */
	@Nullable Instant lastDeliveredAt();

	@Override
	void close();

}
