package dev.observatory.status;

import java.util.List;
import java.util.Map;

import dev.observatory.autonomy.SchedulerStatus;
import dev.observatory.bots.FleetCounts;
import dev.observatory.integrations.IntegrationStatus;
import dev.observatory.telemetry.TelemetryHealth;
import dev.observatory.trading.risk.RiskEngine;
import org.jspecify.annotations.Nullable;

/**
 * What the verdict is computed from, read at one moment. A part that could not be read is null with
 * its failure beside it, so a rule can fail closed on it instead of passing on nothing.
 *
 * @param databaseError why the database could not be read, or null
 * @param integrations the integrations status, or null
 * @param integrationsError why it could not be read
 * @param missingVariables per required integration that is not configured, its missing variables
 * @param accountsError why the accounts could not be read, or null
 * @param scheduler the loops' status, or null
 * @param schedulerError why it could not be read
 * @param fleet the bots' counts, or null
 * @param fleetError why they could not be read
 * @param alertsFailing per alert channel whose latest delivery in the last hour failed, its error
 * @param telemetry the usage pipeline's health (in memory, always readable)
 * @param riskEngine this replica's risk engine (in memory, always readable)
 * @param feedsOffPrimary running bots whose market data is not on its primary provider
 * @param byTier scored bots per autonomy tier
 * @param tierBlockers per scored bot with open blockers, its name and the blockers (JSON)
 * @param localMode no authentication configured: loopback only, callers are ADMIN
 * @param embeddedDatabase the embedded PostgreSQL is in use
 */
record StatusSnapshot(@Nullable String databaseError, @Nullable List<IntegrationStatus.View> integrations,
		@Nullable String integrationsError, Map<String, List<String>> missingVariables, @Nullable String accountsError,
		SchedulerStatus.@Nullable Report scheduler, @Nullable String schedulerError, FleetCounts.@Nullable Counts fleet,
		@Nullable String fleetError, Map<String, String> alertsFailing, TelemetryHealth telemetry,
		RiskEngine.Connection riskEngine, List<FeedRoute> feedsOffPrimary, Map<String, Long> byTier,
		List<TierBlockers> tierBlockers, boolean localMode,
		boolean embeddedDatabase, java.util.@Nullable UUID latestChange) {

	/** A bot whose data comes from its fallback (FALLBACK) or from nowhere (MISSING). */
	record FeedRoute(java.util.UUID botId, String botName, String route, @Nullable String activeProvider,
			String primaryProvider, String reason) {
	}

	/** A bot whose last score named blockers ("What's blocking autonomy?"). */
	record TierBlockers(java.util.UUID botId, String botName, String tier, Object blockers) {
	}

}
