package dev.observatory.trading.marketdata;

import java.time.Clock;
import java.time.Duration;
import java.util.UUID;

import dev.observatory.integrations.polygon.PolygonFuturesStream;
import dev.observatory.trading.Instrument;
import dev.observatory.trading.Instruments;
import dev.observatory.trading.MarketTick;
import dev.observatory.trading.execution.ContractMonths;
import org.jspecify.annotations.Nullable;

/**
 * A futures bot's Polygon fallback: the beta futures stream's per-minute aggregates of the front
 * contract, each delivered as the bar's close when it arrives (labelled {@code polygon}; the route's
 * events name it beta). Only with {@code POLYGON_FUTURES_BETA=true}; without it, or for a contract no
 * rule names, it reports itself unavailable. A bar a minute is slower than trades, so this source
 * counts as stale only after {@link #STALE_AFTER} (two bars and some) of silence.
 */
final class PolygonFuturesSource extends BackgroundSource {

	static final Duration STALE_AFTER = Duration.ofSeconds(150);

	private final PolygonFuturesStream stream;

	private final Instrument instrument;

	private final boolean enabled;

	private volatile PolygonFuturesStream.@Nullable Session session;

	PolygonFuturesSource(PolygonFuturesStream stream, Instrument instrument, boolean enabled, Clock clock, UUID botId,
			@Nullable UUID accountId) {
		super(clock, botId, accountId, "polygon-futures");
		this.stream = stream;
		this.instrument = instrument;
		this.enabled = enabled;
		start();
	}

	@Override
	public String provider() {
		return Instruments.POLYGON;
	}

	@Override
	public String label() {
		return "polygon (beta futures stream, minute bars)";
	}

	@Override
	public Duration staleAfter(Duration configured) {
		return (configured.compareTo(STALE_AFTER) > 0) ? configured : STALE_AFTER;
	}

	@Override
	protected void session() throws InterruptedException {
		String contract = ContractMonths.front(this.instrument, this.clock.instant()).orElse(null);
		if (!this.enabled || contract == null) {
			problem(!this.enabled ? "Polygon's futures data is a beta API, used only with POLYGON_FUTURES_BETA=true"
					: "no contract-month rule names " + this.instrument.symbol() + "'s contract for Polygon's futures stream");
			Thread.sleep(Duration.ofMinutes(1));
			return;
		}
		try (PolygonFuturesStream.Session open = this.stream.open(contract)) {
			this.session = open;
			while (!isClosed()) {
				PolygonFuturesStream.MinuteAggregate bar = open.next(Duration.ofSeconds(1));
				if (bar != null) {
					deliver(new MarketTick(this.instrument.symbol(), this.instrument.roundToTick(bar.close()), bar.volume(),
							this.clock.instant(), Instruments.POLYGON));
				}
			}
		}
		finally {
			this.session = null;
		}
	}

	@Override
	protected void closeConnection() {
		PolygonFuturesStream.Session open = this.session;
		if (open != null) {
			open.close();
		}
	}

}
