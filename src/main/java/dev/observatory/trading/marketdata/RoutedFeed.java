package dev.observatory.trading.marketdata;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Predicate;

import dev.observatory.trading.MarketFeed;
import dev.observatory.trading.MarketTick;
import org.jspecify.annotations.Nullable;

/**
 * A bot's market data with fallback: its primary provider while that delivers, its fallback while
 * the primary is stale (no trade within {@code staleAfter} during the session) or failing, and
 * back to the primary as soon as it delivers again. When neither delivers the feed is MISSING and
 * gives nothing: the bot does not trade on data it does not have. Outside the session no trades
 * are expected, so nothing switches then. Every change is reported to the {@link Listener}.
 */
public final class RoutedFeed implements MarketFeed, AutoCloseable {

	private final QuoteSource primary;

	private final @Nullable QuoteSource fallback;

	private final Duration staleAfter;

	private final Predicate<Instant> inSession;

	private final Listener listener;

	private final Instant openedAt;

	private Route route = Route.PRIMARY;

	RoutedFeed(QuoteSource primary, @Nullable QuoteSource fallback, Duration staleAfter, Predicate<Instant> inSession,
			Listener listener, Instant openedAt) {
		this.primary = primary;
		this.fallback = fallback;
		this.staleAfter = staleAfter;
		this.inSession = inSession;
		this.listener = listener;
		this.openedAt = openedAt;
	}

	@Override
	public Optional<MarketTick> next(Instant now) {
		Optional<MarketTick> fromPrimary = this.primary.poll();
		Optional<MarketTick> fromFallback = (this.fallback != null) ? this.fallback.poll() : Optional.empty();
		Route wanted = wanted(now);
		if (wanted != this.route) {
			Route previous = this.route;
			this.route = wanted;
			this.listener.routeChanged(previous, wanted, provider(previous), provider(wanted), why(wanted));
		}
		return switch (this.route) {
			case PRIMARY -> fromPrimary;
			case FALLBACK -> fromFallback;
			case MISSING -> Optional.empty();
		};
	}

	private Route wanted(Instant now) {
		if (fresh(this.primary, now)) {
			return Route.PRIMARY;
		}
		boolean judged = this.inSession.test(now) && Duration.between(this.openedAt, now).compareTo(this.staleAfter) > 0;
		if (!judged) {
			return this.route;
		}
		return (this.fallback != null && fresh(this.fallback, now)) ? Route.FALLBACK : Route.MISSING;
	}

	private boolean fresh(QuoteSource source, Instant now) {
		Instant last = source.lastDeliveredAt();
		return last != null && Duration.between(last, now).compareTo(source.staleAfter(this.staleAfter)) <= 0;
	}

	/** The silence the source in use may keep and still count as delivering (the trader judges its data by it). */
	@Override
	public Duration staleAfter(Duration configured) {
		QuoteSource active = (this.route == Route.FALLBACK && this.fallback != null) ? this.fallback : this.primary;
		return active.staleAfter(configured);
	}

	private String why(Route to) {
		if (to == Route.PRIMARY) {
			return this.primary.label() + " delivers again";
		}
		String primaryState = describe(this.primary);
		if (to == Route.FALLBACK) {
			return "primary " + primaryState + "; using fallback " + this.fallback.label();
		}
		return "primary " + primaryState + ((this.fallback != null) ? "; fallback " + describe(this.fallback)
				: "; no fallback configured");
	}

	private String describe(QuoteSource source) {
		String problem = source.problem();
		return source.label() + " has delivered no trade within " + source.staleAfter(this.staleAfter).toSeconds() + " s"
				+ ((problem != null) ? " (" + problem + ")" : "");
	}

	private @Nullable String provider(Route route) {
		return switch (route) {
			case PRIMARY -> this.primary.provider();
			case FALLBACK -> (this.fallback != null) ? this.fallback.provider() : null;
			case MISSING -> null;
		};
	}

	@Override
	public void close() {
		this.listener.closed(this.route);
		this.primary.close();
		if (this.fallback != null) {
			this.fallback.close();
		}
	}

	public enum Route {

		PRIMARY, FALLBACK, MISSING

	}

	/** Told of every change of route, and of the end of the run, on the bot's run thread. */
	public interface Listener {

		void routeChanged(Route from, Route to, @Nullable String fromProvider, @Nullable String toProvider, String why);

		/** The run ends on {@code route}. */
		void closed(Route route);

	}

}
