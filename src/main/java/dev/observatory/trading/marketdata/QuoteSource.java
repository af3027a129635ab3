package dev.observatory.trading.marketdata;

import java.time.Duration;
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

	/** How the source is named in the route's events and reasons (the provider, and what kind of data when it matters). */
	default String label() {
		return provider();
	}

	/**
	 * The longest silence during the session that still counts as delivering: the configured one,
	 * unless the source's data comes slower by nature (bars rather than trades).
	 */
	default Duration staleAfter(Duration configured) {
		return configured;
	}

	/** The newest trade received since the last poll, stamped when it arrived; empty when none arrived. */
	Optional<MarketTick> poll();

	/** Why the source is not delivering, if it knows (a refused session, an error record), or null. */
	@Nullable String problem();

	/** When the source last delivered a trade, or null if never. */
	@Nullable Instant lastDeliveredAt();

	@Override
	void close();

}
