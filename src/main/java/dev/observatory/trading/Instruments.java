package dev.observatory.trading;

import java.math.BigDecimal;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The instruments Observatory knows, with their CME tick sizes. */
public final class Instruments {

	private static final Map<String, Instrument> ALL = Map.of(
			"ES", future("ES", "0.25", "6000"), "MES", future("MES", "0.25", "6000"),
			"NQ", future("NQ", "0.25", "21000"), "MNQ", future("MNQ", "0.25", "21000"),
			"CL", future("CL", "0.01", "70"), "MCL", future("MCL", "0.01", "70"),
			"GC", future("GC", "0.10", "2600"), "MGC", future("MGC", "0.10", "2600"));

	private Instruments() {
	}

	public static Optional<Instrument> find(String symbol) {
		return Optional.ofNullable(ALL.get(symbol));
	}

	public static Set<String> symbols() {
		return ALL.keySet();
	}

	private static Instrument future(String symbol, String tick, String reference) {
		return new Instrument(symbol, new BigDecimal(tick), new BigDecimal(reference), Instrument.Sessions.CME_GLOBEX);
	}

}
