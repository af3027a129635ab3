package dev.observatory.trading.marketdata;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.observatory.audit.AuditLog;
import dev.observatory.bots.BotMode;
import dev.observatory.bots.BotService;
import dev.observatory.common.error.ApiException;
import dev.observatory.common.error.ErrorCode;
import dev.observatory.common.trace.Traces;
import dev.observatory.integrations.client.ProviderCallException;
import dev.observatory.integrations.databento.DatabentoClient;
import dev.observatory.integrations.polygon.PolygonClient;
import dev.observatory.telemetry.CallingContext;
import dev.observatory.trading.Instrument;
import dev.observatory.trading.Instruments;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /api/bots/{id}/data-probe} (OPERATOR): one call to the bot's data provider for its
 * first instrument, made as the bot — so it is a usage event with the bot's id — answering what the
 * provider said. An operator's check that a bot's feed answers, and the proof-of-use check of the
 * acceptance gate: exactly one provider call, attributed to the bot.
 */
@RestController
class DataProbeController {

	/** Databento's historical window asked for: the last minute bars of this span. */
	private static final Duration DATABENTO_WINDOW = Duration.ofMinutes(15);

	private final BotService bots;

	private final PolygonClient polygon;

	private final DatabentoClient databento;

	private final AuditLog audit;

	private final Traces traces;

	private final Clock clock;

	DataProbeController(BotService bots, PolygonClient polygon, DatabentoClient databento, AuditLog audit, Traces traces,
			Clock clock) {
		this.bots = bots;
		this.polygon = polygon;
		this.databento = databento;
		this.audit = audit;
		this.traces = traces;
		this.clock = clock;
	}

	@PostMapping("/api/bots/{id}/data-probe")
	Probe probe(@PathVariable UUID id) {
		BotService.Bot bot = this.bots.get(id);
		if (bot.mode() == BotMode.SIM) {
			throw new ApiException(Code.NO_PROVIDER_TO_PROBE,
					"Bot " + bot.name() + " is a SIM bot: it reads the simulated feed, and there is no provider to probe");
		}
		String symbol = bot.instruments().get(0);
		Instrument instrument = Instruments.find(symbol)
			.orElseThrow(() -> new ApiException(Code.NO_PROVIDER_TO_PROBE, "No instrument " + symbol + " in the catalog"));
		Probe probe;
		try {
			probe = CallingContext.callAs(bot.id(), bot.accountId(), () -> call(bot, instrument));
		}
		catch (ProviderCallException ex) {
			this.audit.record("DATA_PROBE", id.toString(), AuditLog.Outcome.FAILURE,
					Map.of("provider", bot.dataProvider(), "code", ex.code().name()));
			throw new ApiException(Code.DATA_PROBE_FAILED, bot.dataProvider() + " did not answer the probe for " + symbol
					+ ": " + ex.code() + " (" + ex.getMessage() + ")", Map.of("provider_code", ex.code().name()));
		}
		this.audit.record("DATA_PROBE", id.toString(), AuditLog.Outcome.SUCCESS, Map.of("provider", bot.dataProvider()));
		return probe;
	}

	private Probe call(BotService.Bot bot, Instrument instrument) {
		String traceId = this.traces.currentTraceId();
		String label = bot.mode().label();
		return switch (bot.dataProvider()) {
			case "polygon" -> {
				if (instrument.assetClass() != Instrument.AssetClass.EQUITY) {
					throw new ApiException(Code.NO_PROVIDER_TO_PROBE, "Polygon's futures API is not built: "
							+ instrument.symbol() + " cannot be probed on polygon");
				}
				PolygonClient.LastTrade trade = this.polygon.lastTrade(instrument.symbol());
				yield new Probe(bot.id(), "polygon", "polygon.last_trade", instrument.symbol(), trade.price(), trade.time(),
						null, label, traceId);
			}
			case "databento" -> {
				Instruments.DatabentoFeed feed = Instruments.databento(instrument);
				Instant end = this.clock.instant();
				DatabentoClient.Range range = this.databento.getRange(feed.dataset(), List.of(feed.symbol()), "ohlcv-1m",
						end.minus(DATABENTO_WINDOW), end);
				yield new Probe(bot.id(), "databento", "databento.get_range", instrument.symbol(), null, null,
						range.records().size(), label, traceId);
			}
			default -> throw new ApiException(Code.NO_PROVIDER_TO_PROBE,
					"Bot " + bot.name() + " reads " + bot.dataProvider() + ", which cannot be probed");
		};
	}

	/**
	 * What the provider answered.
	 *
	 * @param endpointName the usage event's endpoint, to find it among the usage events
	 * @param price the last trade's price (Polygon)
	 * @param observedAt when that trade happened (Polygon)
	 * @param records how many one-minute bars came back (Databento)
	 * @param label the bot's mode as shown (PAPER, LIVE): the answer is real provider data
	 */
	record Probe(UUID botId, String provider, String endpointName, String symbol, @Nullable BigDecimal price,
			@Nullable Instant observedAt, @Nullable Integer records, String label, String traceId) {
	}

	enum Code implements ErrorCode {

		NO_PROVIDER_TO_PROBE(HttpStatus.CONFLICT), DATA_PROBE_FAILED(HttpStatus.BAD_GATEWAY);

		private final HttpStatus status;

		Code(HttpStatus status) {
			this.status = status;
		}

		@Override
		public HttpStatus status() {
			return this.status;
		}

	}

}
