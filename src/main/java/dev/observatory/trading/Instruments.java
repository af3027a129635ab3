package dev.observatory.trading;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The instruments Observatory knows, with their exchange specifications, and which data provider
 * covers each. Databento covers both the CME futures and the US equities; Polygon (Massive) covers
 * the equities, and the futures only through its beta futures API (PROVIDERS.md: UNCONFIRMED), so it
 * is offered for futures only as a fallback and only when the operator opts in.
 */
public final class Instruments {

	/** Data provider keys a bot may name. {@code sim} is the SIM feed, for SIM bots only. */
	public static final String SIM = "sim";

	public static final String DATABENTO = "databento";

	public static final String POLYGON = "polygon";

	private static final Map<String, Instrument> ALL = new LinkedHashMap<>();

	static {
		future("ES", "0.25", "50", "6000");
		future("MES", "0.25", "5", "6000");
		future("NQ", "0.25", "20", "21000");
		future("MNQ", "0.25", "2", "21000");
		future("CL", "0.01", "1000", "70");
		future("MCL", "0.01", "100", "70");
		future("GC", "0.10", "100", "2600");
		future("MGC", "0.10", "10", "2600");
		equity("SPY", "600");
		equity("QQQ", "520");
		equity("AAPL", "230");
	}

	private Instruments() {
	}

	public static Optional<Instrument> find(String symbol) {
		return Optional.ofNullable(ALL.get(symbol));
	}

	public static Set<String> symbols() {
		return ALL.keySet();
	}

	/**
	 * The providers that may serve {@code instrument}, in the given role.
	 *
	 * @param asFallback whether the provider would be the bot's fallback (Polygon's beta futures data
	 * is only ever a fallback)
	 * @param polygonFuturesBeta whether the operator opted in to Polygon's beta futures API
	 */
	public static Set<String> providers(Instrument instrument, boolean asFallback, boolean polygonFuturesBeta) {
		Set<String> providers = new LinkedHashSet<>(Set.of(SIM, DATABENTO));
		if (instrument.assetClass() == Instrument.AssetClass.EQUITY || (asFallback && polygonFuturesBeta)) {
			providers.add(POLYGON);
		}
		return providers;
	}

	/**
	 * How Databento's live gateway names {@code instrument}: CME futures on GLBX.MDP3 as the
	 * front-month continuous contract ({@code ES.c.0}, one instrument, not every expiry and spread of
	 * the parent), equities on Nasdaq TotalView (XNAS.ITCH) by ticker.
	 */
	public static DatabentoFeed databento(Instrument instrument) {
		return (instrument.assetClass() == Instrument.AssetClass.FUTURE)
				? new DatabentoFeed("GLBX.MDP3", "continuous", instrument.symbol() + ".c.0")
				: new DatabentoFeed("XNAS.ITCH", "raw_symbol", instrument.symbol());
	}

	public record DatabentoFeed(String dataset, String stypeIn, String symbol) {
	}

	private static void future(String symbol, String tick, String pointValue, String reference) {
		ALL.put(symbol, new Instrument(symbol, Instrument.AssetClass.FUTURE, new BigDecimal(tick),
				new BigDecimal(pointValue), new BigDecimal(reference), Instrument.Sessions.CME_GLOBEX));
	}

	private static void equity(String symbol, String reference) {
		ALL.put(symbol, new Instrument(symbol, Instrument.AssetClass.EQUITY, new BigDecimal("0.01"), BigDecimal.ONE,
				new BigDecimal(reference), Instrument.Sessions.US_EQUITIES));
	}

}
