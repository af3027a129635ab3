package dev.observatory.scoring;

import java.math.BigDecimal;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * What was measured about one bot over the window, read from its rows in one set-based statement
 * ({@link AutonomyScores}): nothing here is set by hand.
 *
 * @param mode the bot's mode now
 * @param state the bot's state now
 * @param breakerState its restart breaker ({@code CLOSED} when it never opened)
 * @param reduceOnly whether it is in reduce-only
 * @param runningMinutes minutes its instances ran within the window
 * @param crashes instances that ended with an exception
 * @param timeouts instances that stopped heartbeating ({@code HEARTBEAT_TIMEOUT})
 * @param stuck instances that hung ({@code STUCK})
 * @param restarts supervisor restarts
 * @param breakerOpenings times its breaker opened
 * @param kills kills (by hand or by an invariant)
 * @param fallbackMinutes minutes on the fallback data provider
 * @param missingMinutes minutes with no market data
 * @param dataMissingSuppressions bars that could not be decided for lack of data
 * @param decisions ENTER/EXIT decision traces
 * @param completeDecisions of them, with reasons, a snapshot and a confidence
 * @param riskDenials suppressions by the risk engine ({@code RISK_BLOCK})
 * @param dailyLossBreaches of them, at the daily loss limit
 * @param closedTrades closed trades
 * @param expectancy mean realised P&L of a closed trade, in money (null without trades)
 * @param maxDrawdown the deepest fall of cumulative realised P&L from its peak, in money
 * @param maxDailyLoss the bot's daily loss limit, the yardstick of its drawdown
 * @param orders orders placed
 * @param rejectedOrders of them, rejected by the venue
 * @param meanFillLatencyMs mean time from order to fill (null without fills)
 * @param positionMismatches starts refused for a position mismatch
 * @param nonSimTrades trades on PAPER or LIVE, i.e. on real market data (a history that is not SIM-only)
 */
public record ScoreInputs(UUID botId, String botName, String mode, String state, String breakerState, boolean reduceOnly,
		double runningMinutes, long crashes, long timeouts, long stuck, long restarts, long breakerOpenings, long kills,
		double fallbackMinutes, double missingMinutes, long dataMissingSuppressions, long decisions,
		long completeDecisions, long riskDenials, long dailyLossBreaches, long closedTrades,
		@Nullable BigDecimal expectancy, BigDecimal maxDrawdown, BigDecimal maxDailyLoss, long orders,
		long rejectedOrders, @Nullable Double meanFillLatencyMs, long positionMismatches, long nonSimTrades) {
}
