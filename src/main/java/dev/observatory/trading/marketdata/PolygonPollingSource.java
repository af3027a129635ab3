package dev.observatory.trading.marketdata;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import dev.observatory.integrations.polygon.PolygonClient;
import dev.observatory.trading.Instrument;
import dev.observatory.trading.Instruments;
import dev.observatory.trading.MarketTick;
import org.jspecify.annotations.Nullable;

/**
 * Trades from Polygon (Massive) REST: the last trade, polled. A trade counts as new only when its
 * SIP timestamp moved, so a market that stopped trading (or a provider that stopped updating) goes
 * stale here too. Every poll is a usage event ({@code polygon.last_trade}) with the bot's id; the
 * interval must fit the plan (the free tier allows 5 requests a minute). Equities only: futures come
 * from the beta futures stream ({@link PolygonFuturesSource}).
 */
final class PolygonPollingSource extends BackgroundSource {

	private final PolygonClient client;

	private final Instrument instrument;

	private final Duration interval;

	private @Nullable Instant lastTradeTime;

	PolygonPollingSource(PolygonClient client, Instrument instrument, Duration interval, Clock clock, UUID botId,
			@Nullable UUID accountId) {
		super(clock, botId, accountId, "polygon-poll");
		this.client = client;
		this.instrument = instrument;
		this.interval = interval;
		start();
	}

	@Override
	public String provider() {
		return Instruments.POLYGON;
	}

	@Override
	protected void session() throws InterruptedException {
		while (!isClosed()) {
			PolygonClient.LastTrade trade = this.client.lastTrade(this.instrument.symbol());
			if (!trade.time().equals(this.lastTradeTime)) {
				this.lastTradeTime = trade.time();
				deliver(new MarketTick(this.instrument.symbol(), this.instrument.roundToTick(trade.price()), trade.size(),
						this.clock.instant(), Instruments.POLYGON));
			}
			Thread.sleep(this.interval);
		}
	}

}
