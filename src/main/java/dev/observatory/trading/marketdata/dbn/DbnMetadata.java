package dev.observatory.trading.marketdata.dbn;

import java.util.List;

/**
 * A DBN stream's metadata header.
 *
 * @param version 2 or 3
 * @param dataset e.g. {@code GLBX.MDP3}
 * @param schema the schema code (1 mbp-1, 4 trades, 6 ohlcv-1m, 9 definition, 10 statistics, 11 status)
 * @param start first requested time, ns since the epoch
 * @param end last requested time, ns ({@code -1}, i.e. u64::MAX, when open-ended)
 * @param limit record limit (0 = none)
 * @param stypeIn symbology of the request
 * @param stypeOut symbology of the records
 * @param tsOut whether each record carries the gateway's send time after it
 * @param symbols requested symbols
 * @param partial symbols only partly resolved
 * @param notFound symbols not resolved
 * @param mappings how requested symbols map to instrument ids over time
 */
public record DbnMetadata(int version, String dataset, int schema, long start, long end, long limit, int stypeIn,
		int stypeOut, boolean tsOut, List<String> symbols, List<String> partial, List<String> notFound,
		List<Mapping> mappings) {

	/** One requested symbol and the intervals over which it maps to an instrument. */
	public record Mapping(String rawSymbol, List<Interval> intervals) {
	}

	/**
	 * @param startDate first day, YYYYMMDD
	 * @param endDate day after the last, YYYYMMDD
	 * @param symbol what it maps to (an instrument id for {@code stype_out} 0)
	 */
	public record Interval(int startDate, int endDate, String symbol) {
	}

}
