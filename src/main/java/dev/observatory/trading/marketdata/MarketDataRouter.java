package dev.observatory.trading.marketdata;

import java.time.Clock;
import java.util.UUID;

import dev.observatory.common.secrets.Env;
import dev.observatory.common.secrets.EnvVar;
import dev.observatory.integrations.databento.DatabentoLiveClient;
import dev.observatory.integrations.polygon.PolygonClient;
import dev.observatory.integrations.polygon.PolygonFuturesStream;
import dev.observatory.trading.Instrument;
import dev.observatory.trading.Instruments;
import dev.observatory.trading.TradingHours;
import dev.observatory.trading.TradingProperties;
import org.jspecify.annotations.Nullable;

import org.springframework.stereotype.Service;

/** Builds a bot's routed feed: a source for its primary provider and one for its fallback. */
@Service
public class MarketDataRouter {

	private final DatabentoLiveClient databento;

	private final PolygonClient polygon;

	private final PolygonFuturesStream polygonFutures;

	private final boolean polygonFuturesBeta;

	private final FeedRoutes routes;

	private final TradingProperties properties;

	private final Clock clock;

	MarketDataRouter(DatabentoLiveClient databento, PolygonClient polygon, PolygonFuturesStream polygonFutures, Env env,
			FeedRoutes routes, TradingProperties properties, Clock clock) {
		this.databento = databento;
		this.polygon = polygon;
		this.polygonFutures = polygonFutures;
		this.polygonFuturesBeta = env.plain(EnvVar.POLYGON_FUTURES_BETA).map(Boolean::parseBoolean).orElse(false);
		this.routes = routes;
		this.properties = properties;
		this.clock = clock;
	}

	/**
	 * @param ignoreExchange the bot trades regardless of the exchange's calendar (staleness is judged always)
	 */
	public RoutedFeed open(UUID bot, @Nullable UUID account, Instrument instrument, String primary,
			@Nullable String fallback, boolean ignoreExchange) {
		QuoteSource first = source(primary, bot, account, instrument);
		QuoteSource second = null;
		try {
			second = (fallback != null) ? source(fallback, bot, account, instrument) : null;
			this.routes.opened(bot, primary);
		}
		catch (RuntimeException ex) {
			first.close();
			if (second != null) {
				second.close();
			}
			throw ex;
		}
		return new RoutedFeed(first, second, this.properties.dataStaleAfter(),
				(now) -> TradingHours.closedReason(instrument, ignoreExchange, null, now).isEmpty(),
				this.routes.listenerFor(bot), this.clock.instant());
	}

	private QuoteSource source(String provider, UUID bot, @Nullable UUID account, Instrument instrument) {
		return switch (provider) {
			case Instruments.DATABENTO -> new DatabentoLiveSource(this.databento, instrument,
					this.properties.databentoHeartbeat(), this.clock, bot, account);
			case Instruments.POLYGON -> (instrument.assetClass() == Instrument.AssetClass.FUTURE)
					? new PolygonFuturesSource(this.polygonFutures, instrument, this.polygonFuturesBeta, this.clock, bot, account)
					: new PolygonPollingSource(this.polygon, instrument, this.properties.polygonPollInterval(), this.clock, bot,
							account);
			default -> throw new IllegalStateException("no market data source for " + provider);
		};
	}

}
