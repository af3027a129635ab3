package dev.observatory.trading.marketdata;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import dev.observatory.integrations.DiagnosticCode;
import dev.observatory.integrations.client.ProviderCallException;
import dev.observatory.integrations.databento.DatabentoClient;
import dev.observatory.integrations.polygon.PolygonClient;
import dev.observatory.trading.Instrument;
import dev.observatory.trading.Instruments;
import dev.observatory.trading.MinuteBar;
import dev.observatory.trading.marketdata.dbn.DbnDecoder;
import dev.observatory.trading.marketdata.dbn.DbnRecord;

import org.springframework.stereotype.Service;

/**
 * A run's indicators warmed up from the provider's history, so that a PAPER or LIVE bot does not
 * wait half an hour of live bars before its slow EMA exists: Databento's {@code timeseries.get_range}
 * ({@code ohlcv-1m}, DBN with zstd, decoded here) or Polygon's one-minute aggregates (equities). One
 * call, billed like any other and recorded as the calling bot's; bars that end after now (a minute
 * still running) or start before the asked window are dropped.
 */
@Service
public class WarmUpBars {

	/** Asked for beyond the minutes needed, so that the daily maintenance break does not starve the window. */
	static final Duration SLACK = Duration.ofMinutes(60);

	/** DBN's rtype of a one-minute OHLCV bar. */
	private static final int OHLCV_1M = 0x21;

	private final DatabentoClient databento;

	private final PolygonClient polygon;

	private final Clock clock;

	WarmUpBars(DatabentoClient databento, PolygonClient polygon, Clock clock) {
		this.databento = databento;
		this.polygon = polygon;
		this.clock = clock;
	}

	/**
	 * The last {@code minutes} closed one-minute bars the provider has within {@code minutes} plus
	 * {@link #SLACK} before now, oldest first (fewer when the market was closed for part of it).
	 *
	 * @throws ProviderCallException when the provider cannot answer, or sends what cannot be read
	 */
	public List<MinuteBar> recent(String provider, Instrument instrument, int minutes) {
		Instant now = this.clock.instant();
		Instant from = now.truncatedTo(ChronoUnit.MINUTES).minus(SLACK).minus(Duration.ofMinutes(minutes));
		List<MinuteBar> bars = switch (provider) {
			case Instruments.DATABENTO -> databento(instrument, from);
			case Instruments.POLYGON -> polygon(instrument, from, now);
			default -> throw new IllegalArgumentException("no history from " + provider);
		};
		List<MinuteBar> closed = new ArrayList<>(bars.stream()
			.filter((bar) -> !bar.start().isBefore(from) && !bar.end().isAfter(now))
			.sorted(Comparator.comparing(MinuteBar::start))
			.toList());
		return List.copyOf(closed.subList(Math.max(0, closed.size() - minutes), closed.size()));
	}

	private List<MinuteBar> databento(Instrument instrument, Instant from) {
		Instruments.DatabentoFeed feed = Instruments.databento(instrument);
		DatabentoClient.DbnRange range = this.databento.getRangeDbn(feed.dataset(), feed.symbol(), feed.stypeIn(),
				"ohlcv-1m", from);
		List<MinuteBar> bars = new ArrayList<>();
		try {
			DbnDecoder decoder = DbnDecoder.open(new ByteArrayInputStream(range.body()));
			for (DbnRecord record = decoder.next(); record != null; record = decoder.next()) {
				if (record instanceof DbnRecord.Ohlcv bar && bar.rtype() == OHLCV_1M) {
					bars.add(new MinuteBar(Instant.ofEpochSecond(0, bar.tsEvent()), bar.open() / 1e9, bar.high() / 1e9,
							bar.low() / 1e9, bar.close() / 1e9, bar.volume(), Instruments.DATABENTO));
				}
			}
		}
		catch (IOException | RuntimeException ex) {
			throw ProviderCallException.finalFailure(DiagnosticCode.UNEXPECTED_RESPONSE,
					"Databento's ohlcv-1m history could not be decoded as DBN: " + ex.getMessage());
		}
		return bars;
	}

	private List<MinuteBar> polygon(Instrument instrument, Instant from, Instant now) {
		if (instrument.assetClass() != Instrument.AssetClass.EQUITY) {
			return List.of(); // futures only through the beta API, which has no history call built
		}
		return this.polygon.minuteAggregates(instrument.symbol(), from, now)
			.stream()
			.map((bar) -> new MinuteBar(bar.start(), bar.open().doubleValue(), bar.high().doubleValue(),
					bar.low().doubleValue(), bar.close().doubleValue(), bar.volume(), Instruments.POLYGON))
			.toList();
	}

}
