package dev.observatory.trading;

import java.time.Instant;
import java.util.Optional;

/** Where a bot's trades come from: the next one at {@code now}, or empty when there is none. */
public interface MarketFeed {

	Optional<MarketTick> next(Instant now);

}
