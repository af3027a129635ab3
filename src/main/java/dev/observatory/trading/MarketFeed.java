package dev.observatory.trading;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/** Where a bot's trades come from: the next one at {@code now}, or empty when there is none. */
public interface MarketFeed {

	Optional<MarketTick> next(Instant now);

	/**
	 * How long without a trade during the session before the bot has no data to decide on: the
	 * configured silence, unless the source in use delivers more slowly by nature (minute bars).
	 */
	default Duration staleAfter(Duration configured) {
		return configured;
	}

}
