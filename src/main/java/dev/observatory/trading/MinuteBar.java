package dev.observatory.trading;

import java.time.Instant;

/**
 * One closed one-minute bar from a provider's history, to warm a run's indicators up.
 *
 * @param start the minute the bar covers, from its start
 * @param dataSource the provider key the bar came from
 */
public record MinuteBar(Instant start, double open, double high, double low, double close, long volume,
		String dataSource) {

	public Instant end() {
		return this.start.plusSeconds(60);
	}

}
