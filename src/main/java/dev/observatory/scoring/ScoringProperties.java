package dev.observatory.scoring;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code observatory.scoring.*}: the autonomy score (docs/autonomy-score.md).
 *
 * @param enabled whether this replica runs the scoring loop (a singleton across replicas)
 * @param interval how often every bot is scored
 * @param initialDelay the first pass after start-up
 * @param window how much of each bot's history a score reads
 * @param minRunningMinutes running time below which a bot has too little history to judge
 * @param minClosedTrades closed trades below which expectancy and drawdown are not judged
 * @param weights each component's weight in the score (they need not sum to 1: they are normalised)
 * @param supervisedFrom the lowest score of SUPERVISED (below: LOCKED)
 * @param limitedFrom the lowest score of LIMITED_AUTONOMY
 * @param fullFrom the lowest score of FULL_AUTONOMY
 */
@ConfigurationProperties("observatory.scoring")
public record ScoringProperties(@DefaultValue("true") boolean enabled, @DefaultValue("5m") Duration interval,
		@DefaultValue("20s") Duration initialDelay, @DefaultValue("7d") Duration window,
		@DefaultValue("60") int minRunningMinutes, @DefaultValue("20") int minClosedTrades,
		@DefaultValue Weights weights, @DefaultValue("40") int supervisedFrom, @DefaultValue("65") int limitedFrom,
		@DefaultValue("85") int fullFrom) {

	/** Defaults: supervisor trust 0.25, data 0.2, decisions 0.2, risk 0.2, execution 0.15. */
	public record Weights(@DefaultValue("0.2") double dataReliability, @DefaultValue("0.2") double decisionQuality,
			@DefaultValue("0.2") double riskDiscipline, @DefaultValue("0.15") double executionHealth,
			@DefaultValue("0.25") double supervisorTrust) {
	}

}
