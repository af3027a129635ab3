package dev.observatory.scoring;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * From measured inputs to a score, a tier and the explanation of both: the documented rules of
 * docs/autonomy-score.md, one method per component. Pure: the same inputs give the same score.
 */
final class AutonomyScoring {

	/** A component without the history to judge is held at this value, never guessed above it. */
	static final int INSUFFICIENT_CAP = 60;

	private final ScoringProperties properties;

	AutonomyScoring(ScoringProperties properties) {
		this.properties = properties;
	}

	Score score(ScoreInputs in) {
		List<Component> components = List.of(dataReliability(in), decisionQuality(in), riskDiscipline(in),
				executionHealth(in), supervisorTrust(in));
		ScoringProperties.Weights w = this.properties.weights();
		double[] weights = { w.dataReliability(), w.decisionQuality(), w.riskDiscipline(), w.executionHealth(),
				w.supervisorTrust() };
		double sum = 0;
		double total = 0;
		for (int i = 0; i < components.size(); i++) {
			sum += weights[i] * components.get(i).score();
			total += weights[i];
		}
		int score = clamp(sum / total);
		List<Cap> caps = new ArrayList<>();
		boolean newBot = in.runningMinutes() < this.properties.minRunningMinutes() && in.decisions() < 10;
		if (newBot) {
			// Too little history is no reason to lock a bot, and no reason to trust it either.
			int held = Math.max(this.properties.supervisedFrom(), Math.min(score, Tier.SUPERVISED.ceiling(this.properties)));
			caps.add(new Cap("NEW_BOT_TOO_LITTLE_HISTORY", Tier.SUPERVISED, score, held));
			score = held;
		}
		if (in.kills() > 0 || in.breakerOpenings() > 0) {
			score = cap(score, Tier.SUPERVISED, "KILL_OR_BREAKER_IN_WINDOW", caps);
		}
		if ("LIVE".equals(in.mode()) && in.nonSimTrades() == 0) {
			score = cap(score, Tier.LIMITED_AUTONOMY, "SIM_ONLY_HISTORY_FOR_LIVE", caps);
		}
		List<Blocker> blockers = blockers(in);
		if (!blockers.isEmpty()) {
			score = cap(score, Tier.LOCKED, "OPEN_BLOCKER", caps);
		}
		return new Score(in.botId(), score, Tier.of(score, this.properties), components, caps, blockers);
	}

	private int cap(int score, Tier atMost, String rule, List<Cap> caps) {
		int ceiling = atMost.ceiling(this.properties);
		if (score > ceiling) {
			caps.add(new Cap(rule, atMost, score, ceiling));
			return ceiling;
		}
		return score;
	}

	/** Share of running time on fresh primary data (fallback counts half), less one per bar that had no data. */
	private Component dataReliability(ScoreInputs in) {
		Map<String, Object> inputs = inputs("running_minutes", round(in.runningMinutes()), "fallback_minutes",
				round(in.fallbackMinutes()), "missing_minutes", round(in.missingMinutes()), "data_missing_suppressions",
				in.dataMissingSuppressions());
		if (in.runningMinutes() < this.properties.minRunningMinutes()) {
			return insufficient("data_reliability_score", inputs, "running_minutes < " + this.properties.minRunningMinutes());
		}
		double lost = Math.min(1, (0.5 * in.fallbackMinutes() + in.missingMinutes()) / in.runningMinutes());
		return new Component("data_reliability_score",
				clamp(100 * (1 - lost) - Math.min(30, in.dataMissingSuppressions())), "OK", inputs, null);
	}

	/** Share of decisions with complete traces; then, past the minimum sample, expectancy and drawdown. */
	private Component decisionQuality(ScoreInputs in) {
		Map<String, Object> inputs = inputs("decisions", in.decisions(), "complete_decisions", in.completeDecisions(),
				"closed_trades", in.closedTrades(), "expectancy", in.expectancy(), "max_drawdown", in.maxDrawdown(),
				"max_daily_loss", in.maxDailyLoss());
		if (in.decisions() == 0) {
			return insufficient("decision_quality_score", inputs, "no decisions");
		}
		double score = 100.0 * in.completeDecisions() / in.decisions();
		if (in.closedTrades() < this.properties.minClosedTrades()) {
			int held = clamp(Math.min(score, INSUFFICIENT_CAP));
			return new Component("decision_quality_score", held, "INSUFFICIENT_HISTORY", inputs,
					"closed_trades < " + this.properties.minClosedTrades() + ": expectancy and drawdown not judged, held at "
							+ INSUFFICIENT_CAP);
		}
		if (in.expectancy() != null && in.expectancy().signum() <= 0) {
			score -= 25;
		}
		if (in.maxDrawdown().compareTo(in.maxDailyLoss().multiply(BigDecimal.valueOf(3))) > 0) {
			score -= 15;
		}
		return new Component("decision_quality_score", clamp(score), "OK", inputs, null);
	}

	/** Share of attempts the risk engine did not have to refuse, less daily-loss breaches; a kill caps it hard. */
	private Component riskDiscipline(ScoreInputs in) {
		Map<String, Object> inputs = inputs("decisions", in.decisions(), "risk_denials", in.riskDenials(),
				"daily_loss_breaches", in.dailyLossBreaches(), "kills", in.kills());
		long attempts = in.decisions() + in.riskDenials();
		Component component = (attempts == 0) ? insufficient("risk_discipline_score", inputs, "no decisions")
				: new Component("risk_discipline_score",
						clamp(100.0 * (1 - (double) in.riskDenials() / attempts) - 10 * in.dailyLossBreaches()), "OK", inputs,
						null);
		if (in.kills() > 0 && component.score() > 20) {
			return new Component(component.name(), 20, component.status(), inputs, "a kill in the window: at most 20");
		}
		return component;
	}

	/** Share of orders not rejected, less position mismatches and slow fills. */
	private Component executionHealth(ScoreInputs in) {
		Map<String, Object> inputs = inputs("orders", in.orders(), "rejected_orders", in.rejectedOrders(),
				"mean_fill_latency_ms", (in.meanFillLatencyMs() != null) ? round(in.meanFillLatencyMs()) : null,
				"position_mismatches", in.positionMismatches());
		if (in.orders() == 0) {
			Component held = insufficient("execution_health_score", inputs, "no orders");
			return (in.positionMismatches() == 0) ? held
					: new Component(held.name(), clamp(held.score() - 10.0 * in.positionMismatches()), held.status(), inputs,
							held.cappedBy());
		}
		double score = 100.0 * (1 - (double) in.rejectedOrders() / in.orders()) - 10.0 * in.positionMismatches();
		if (in.meanFillLatencyMs() != null && in.meanFillLatencyMs() > 2000) {
			score -= 10;
		}
		return new Component("execution_health_score", clamp(score), "OK", inputs, null);
	}

	/** Runs without crashes, timeouts, hangs and breaker openings. */
	private Component supervisorTrust(ScoreInputs in) {
		Map<String, Object> inputs = inputs("running_minutes", round(in.runningMinutes()), "crashes", in.crashes(),
				"heartbeat_timeouts", in.timeouts(), "stuck", in.stuck(), "restarts", in.restarts(), "breaker_openings",
				in.breakerOpenings());
		double penalties = 15.0 * in.crashes() + 10.0 * (in.timeouts() + in.stuck()) + 20.0 * in.breakerOpenings();
		if (in.runningMinutes() < this.properties.minRunningMinutes()) {
			Component held = insufficient("supervisor_trust_score", inputs,
					"running_minutes < " + this.properties.minRunningMinutes());
			return new Component(held.name(), clamp(held.score() - penalties), held.status(), inputs, held.cappedBy());
		}
		return new Component("supervisor_trust_score", clamp(100 - penalties), "OK", inputs, null);
	}

	private static List<Blocker> blockers(ScoreInputs in) {
		List<Blocker> blockers = new ArrayList<>();
		if ("KILLED".equals(in.state())) {
			blockers.add(new Blocker("BOT_KILLED", "Bot " + in.botName() + " is killed",
					"Find why it was killed (its kill events), then unkill it with a reason (ADMIN)"));
		}
		if ("OPEN".equals(in.breakerState())) {
			blockers.add(new Blocker("CIRCUIT_OPEN", "Bot " + in.botName() + "'s restart breaker is open",
					"Fix why it fails (its instances' failure_summary), then reset the breaker"));
		}
		if ("BLOCKED".equals(in.state())) {
			blockers.add(new Blocker("BOT_BLOCKED", "Bot " + in.botName() + "'s last start was refused",
					"Read the START_REFUSED event's reasons (POST /api/bots/{id}/safe-start-check) and fix them"));
		}
		if (in.reduceOnly()) {
			blockers.add(new Blocker("REDUCE_ONLY", "Bot " + in.botName() + " is in reduce-only",
					"Resume it when the reason for the pause is gone (POST /api/bots/{id}/resume)"));
		}
		return blockers;
	}

	private static Component insufficient(String name, Map<String, Object> inputs, String why) {
		return new Component(name, INSUFFICIENT_CAP, "INSUFFICIENT_HISTORY", inputs,
				why + ": not judged, held at " + INSUFFICIENT_CAP);
	}

	private static Map<String, Object> inputs(Object... pairs) {
		Map<String, Object> inputs = new LinkedHashMap<>();
		for (int i = 0; i < pairs.length; i += 2) {
			inputs.put((String) pairs[i], pairs[i + 1]);
		}
		return inputs;
	}

	private static double round(double value) {
		return Math.round(value * 10) / 10.0;
	}

	private static int clamp(double value) {
		return (int) Math.max(0, Math.min(100, Math.round(value)));
	}

	/**
	 * @param caps the rules that lowered the score, in order
	 * @param blockers what keeps the bot LOCKED ("What's blocking autonomy?")
	 */
	record Score(UUID botId, int score, Tier tier, List<Component> breakdown, List<Cap> caps, List<Blocker> blockers) {
	}

	/**
	 * @param status {@code OK}, or {@code INSUFFICIENT_HISTORY} when it could not be judged
	 * @param inputs the measured values it was computed from
	 * @param cappedBy the rule that held it down, if any
	 */
	record Component(String name, int score, String status, Map<String, Object> inputs, @Nullable String cappedBy) {
	}

	/** A rule that lowered the score from {@code before} to {@code after}. */
	record Cap(String rule, Tier atMost, int before, int after) {
	}

	record Blocker(String code, String message, String suggestedFix) {
	}

}
