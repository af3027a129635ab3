package dev.observatory.trading.marketdata;

import java.io.IOException;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;

import dev.observatory.integrations.databento.DatabentoLiveClient;
import dev.observatory.trading.Instrument;
import dev.observatory.trading.Instruments;
import dev.observatory.trading.MarketTick;
import dev.observatory.trading.marketdata.dbn.DbnDecoder;
import dev.observatory.trading.marketdata.dbn.DbnRecord;
import org.jspecify.annotations.Nullable;

/**
 * Trades from Databento's live gateway, decoded from the DBN stream. Prices are fixed-point
 * (1e-9) and rounded to the instrument's tick; each trade is stamped when it arrived, since that is
 * when the bot could act on it. An error record ends the session (and is reported); heartbeats keep
 * a quiet session's reads from timing out.
 */
final class DatabentoLiveSource extends BackgroundSource {

	private final DatabentoLiveClient client;

	private final Instrument instrument;

	private final Duration heartbeat;

	private volatile DatabentoLiveClient.@Nullable LiveSession session;

	DatabentoLiveSource(DatabentoLiveClient client, Instrument instrument, Duration heartbeat, Clock clock, UUID botId,
			@Nullable UUID accountId) {
		super(clock, botId, accountId, "databento-live");
		this.client = client;
		this.instrument = instrument;
		this.heartbeat = heartbeat;
		start();
	}

	@Override
	public String provider() {
		return Instruments.DATABENTO;
	}

	@Override
	protected void session() throws IOException {
		Instruments.DatabentoFeed feed = Instruments.databento(this.instrument);
		try (DatabentoLiveClient.LiveSession live = this.client.open(feed.dataset(), "trades", feed.stypeIn(),
				feed.symbol(), this.heartbeat)) {
			this.session = live;
			DbnDecoder decoder = DbnDecoder.open(live.stream());
			for (DbnRecord record = decoder.next(); record != null && !isClosed(); record = decoder.next()) {
				if (record instanceof DbnRecord.Trade trade) {
					BigDecimal price = this.instrument.roundToTick(BigDecimal.valueOf(trade.price(), 9));
					deliver(new MarketTick(this.instrument.symbol(), price, trade.size(), this.clock.instant(),
							Instruments.DATABENTO));
				}
				else if (record instanceof DbnRecord.Error error) {
					problem("Databento sent an error record: " + error.text());
					return;
				}
			}
			if (!isClosed()) {
				problem("Databento's live gateway ended the session");
			}
		}
		finally {
			this.session = null;
		}
	}

	@Override
	protected void closeConnection() {
		DatabentoLiveClient.LiveSession live = this.session;
		if (live != null) {
			try {
				live.close();
			}
			catch (IOException ex) {
				// Closing to end a blocked read: nothing left to do with the failure.
			}
		}
	}

}
