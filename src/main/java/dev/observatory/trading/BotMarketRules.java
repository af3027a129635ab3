package dev.observatory.trading;

import java.time.DateTimeException;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.observatory.bots.BotMode;
import dev.observatory.bots.MarketRules;
import dev.observatory.common.secrets.Env;
import dev.observatory.common.secrets.EnvVar;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

import org.springframework.stereotype.Component;

/**
 * A bot trades instruments from the catalog, on a provider that covers every one of them (the SIM
 * feed for SIM bots only), and may narrow its session with a trading window whose zone defaults to
 * its first instrument's exchange.
 */
@Component
class BotMarketRules implements MarketRules {

	private final boolean polygonFuturesBeta;

	BotMarketRules(Env env) {
		this.polygonFuturesBeta = env.plain(EnvVar.POLYGON_FUTURES_BETA).map(Boolean::parseBoolean).orElse(false);
	}

	@Override
	public Checked check(BotMode mode, List<String> instruments, @Nullable String dataProvider,
			@Nullable String fallbackProvider, JsonNode tradingWindow) {
		Map<String, String> problems = new LinkedHashMap<>();
		List<Instrument> known = instruments.stream().flatMap((symbol) -> Instruments.find(symbol).stream()).toList();
		if (known.size() < instruments.size()) {
			problems.put("instruments", "unknown instrument(s) " + instruments.stream()
				.filter((symbol) -> Instruments.find(symbol).isEmpty()).toList() + "; known: " + Instruments.symbols());
		}
		if (mode != BotMode.SIM && Instruments.SIM.equals(dataProvider)) {
			problems.put("data_provider", "the SIM feed serves SIM bots only; a " + mode + " bot needs real market data");
		}
		if (mode == BotMode.SIM && dataProvider != null && !Instruments.SIM.equals(dataProvider)) {
			problems.put("data_provider", "a SIM bot runs on the SIM feed (sim); use PAPER for real data with paper fills");
		}
		if (mode == BotMode.SIM && fallbackProvider != null) {
			problems.put("fallback_provider", "the SIM feed has no fallback");
		}
		coverage("data_provider", dataProvider, false, known, problems);
		coverage("fallback_provider", fallbackProvider, true, known, problems);
		Map<String, Object> window = window(tradingWindow, known, problems);
		return new Checked(problems, window);
	}

	private void coverage(String field, @Nullable String provider, boolean asFallback, List<Instrument> known,
			Map<String, String> problems) {
		if (provider == null || problems.containsKey(field)) {
			return;
		}
		for (Instrument instrument : known) {
			Set<String> providers = Instruments.providers(instrument, asFallback, this.polygonFuturesBeta);
			if (!providers.contains(provider)) {
				String hint = (Instruments.POLYGON.equals(provider)
						&& instrument.assetClass() == Instrument.AssetClass.FUTURE)
								? "; Polygon serves futures only through its beta API, as a fallback, with POLYGON_FUTURES_BETA=true"
								: "";
				problems.put(field, provider + " does not cover " + instrument.symbol() + hint);
				return;
			}
		}
	}

	private static @Nullable Map<String, Object> window(JsonNode body, List<Instrument> known,
			Map<String, String> problems) {
		if (body.isMissingNode() || body.isNull()) {
			return null;
		}
		if (!body.isObject() || !body.path("start").isString() || !body.path("end").isString()) {
			problems.put("trading_window", "must be {\"start\":\"HH:MM\",\"end\":\"HH:MM\",\"zone\":\"Area/City\"} or null");
			return null;
		}
		try {
			ZoneId zone = body.path("zone").isString() ? ZoneId.of(body.path("zone").asString())
					: known.isEmpty() ? ZoneId.of("America/New_York") : known.get(0).sessions().zone();
			return new TradingWindow(LocalTime.parse(body.path("start").asString()),
					LocalTime.parse(body.path("end").asString()), zone).toMap();
		}
		catch (DateTimeParseException ex) {
			problems.put("trading_window", "start and end are exchange times as HH:MM, e.g. 09:30");
		}
		catch (DateTimeException ex) {
			problems.put("trading_window.zone", "must be a time zone id such as America/New_York");
		}
		catch (IllegalArgumentException ex) {
			problems.put("trading_window", ex.getMessage());
		}
		return null;
	}

}
