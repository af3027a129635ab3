package dev.observatory.status;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.observatory.bots.FleetCounts;
import dev.observatory.integrations.IntegrationStatus;

/**
 * The rules of the verdict (DESIGN.md §7), each small and named. Blockers make it BLOCKED, degraded
 * findings DEGRADED, notices change nothing. A part that gates autonomy as a whole (database, loops,
 * risk engine) and cannot be read blocks; a part that gates only some actions (integrations,
 * accounts) degrades.
 */
final class StatusRules {

	private StatusRules() {
	}

	static List<Finding> blockers(StatusSnapshot s, String traceId) {
		List<Finding> found = new ArrayList<>();
		if (s.databaseError() != null) {
			found.add(new Finding("DATABASE_UNAVAILABLE", "The database cannot be read: " + s.databaseError(),
					Finding.CRITICAL, traceId, "postgres", null,
					"Check that PostgreSQL is running and reachable (DATABASE_URL, or the embedded server under ./data/pg)"));
			return found;
		}
		found.addAll(requiredKeysMissing(s, traceId));
		found.addAll(loopsInactive(s, traceId));
		found.addAll(riskEngineDisconnected(s, traceId));
		if (s.fleet() == null) {
			// Without the fleet nothing can say which bots run or are unwell: fail closed.
			found.add(new Finding("STATUS_CHECK_FAILED", "The fleet (part: bots) cannot be read: " + s.fleetError(),
					Finding.CRITICAL, traceId, null, null, "Check the database"));
		}
		if (s.telemetry().hasUnacknowledgedLoss()) {
			found.add(new Finding("TELEMETRY_LOST", s.telemetry().droppedEvents()
					+ " usage events were dropped (spool full): proof of use is incomplete", Finding.CRITICAL, traceId, null, null,
					"Free space for ./data/spool, then an administrator acknowledges the loss with a reason"
							+ " (POST /api/integrations/usage/acknowledge-loss)"));
		}
		return found;
	}

	static List<Finding> degraded(StatusSnapshot s, String traceId) {
		List<Finding> found = new ArrayList<>();
		if (s.databaseError() != null) {
			return found;
		}
		if (s.integrationsError() != null) {
			found.add(partUnavailable("integrations", s.integrationsError(), traceId));
		}
		if (s.accountsError() != null) {
			found.add(partUnavailable("accounts", s.accountsError(), traceId));
		}
		if (s.integrations() != null) {
			for (IntegrationStatus.View view : s.integrations()) {
				boolean failing = view.configured() && view.degraded() && !view.comingSoon()
						&& (view.required() || !"NOT_VERIFIED".equals(view.errorCode()));
				if (failing) {
					found.add(new Finding("INTEGRATION_DEGRADED", view.providerName() + (view.required() ? " (required)" : "")
							+ " is " + (view.connected() ? "connected but failing" : "not connected") + ": " + view.errorCode()
							+ " — " + view.message(), Finding.WARNING, traceId, view.provider(), null, view.suggestedFix()));
				}
			}
		}
		if (s.scheduler() != null && s.scheduler().circuitBreakersOpen() > 0) {
			found.add(new Finding("CIRCUIT_BREAKER_OPEN", s.scheduler().circuitBreakersOpen()
					+ " bot(s) held by an open restart breaker: the supervisor does not restart them", Finding.WARNING, traceId,
					null, null, "Find why each fails (its instances' failure_summary), then reset its breaker"));
		}
		for (StatusSnapshot.FeedRoute feed : s.feedsOffPrimary()) {
			boolean fallback = feed.route().equals("FALLBACK");
			found.add(new Finding(fallback ? "DATA_FALLBACK_IN_USE" : "DATA_MISSING", "Bot " + feed.botName()
					+ (fallback ? " reads its fallback " + feed.activeProvider() : " has no market data") + ": " + feed.reason(),
					Finding.WARNING, traceId, feed.primaryProvider(), feed.botId(),
					"Verify " + feed.primaryProvider() + " (POST /api/integrations/verify) and check its status page;"
							+ " the bot returns to it by itself as soon as it delivers"));
		}
		if (s.fleet() != null) {
			long listed = 0;
			for (FleetCounts.Bot bot : s.fleet().unwell()) {
				if (bot.state().equals("DEGRADED")) {
					listed++;
					found.add(new Finding("BOT_DEGRADED", "Bot " + bot.name() + " (" + bot.mode() + ") is DEGRADED",
							Finding.WARNING, traceId, null, bot.id(), "See the bot's events for why (breaker, reduce-only, data)"));
				}
			}
			long more = s.fleet().byState().getOrDefault("DEGRADED", 0L) - listed;
			if (more > 0) {
				// The list stops at FleetCounts.UNWELL_LISTED bots; the count does not.
				found.add(new Finding("BOT_DEGRADED", more + " more bot(s) are DEGRADED (bots.by_state counts them all)",
						Finding.WARNING, traceId, null, null, "GET /api/bots lists every bot with its state"));
			}
		}
		for (Map.Entry<String, String> channel : s.alertsFailing().entrySet()) {
			found.add(new Finding("ALERTS_FAILING", "Alerts to " + channel.getKey() + " fail: " + channel.getValue(),
					Finding.WARNING, traceId, channel.getKey(), null,
					"Verify " + channel.getKey() + " (POST /api/integrations/verify), then POST /api/alerts/test"));
		}
		if (s.telemetry().hasBacklog()) {
			found.add(new Finding("TELEMETRY_BACKLOG", s.telemetry().backlogEvents() + " usage events wait to be written"
					+ (s.telemetry().oldestWaitingAt() != null ? " (oldest from " + s.telemetry().oldestWaitingAt() + ")" : ""),
					Finding.WARNING, traceId, "postgres", null, "They are written when the database answers again; check it"));
		}
		return found;
	}

	static List<Finding> notices(StatusSnapshot s, String traceId) {
		List<Finding> found = new ArrayList<>();
		if (s.localMode()) {
			found.add(new Finding("LOCAL_MODE", "No authentication is configured: Observatory listens on 127.0.0.1 only"
					+ " and treats local callers as ADMIN", Finding.INFO, traceId, null, null,
					"Configure OBSERVATORY_API_TOKENS or a JWT issuer before listening on another address"));
		}
		if (s.embeddedDatabase()) {
			found.add(new Finding("EMBEDDED_DATABASE", "The embedded PostgreSQL under ./data/pg is in use", Finding.INFO,
					traceId, "postgres", null, "Set DATABASE_URL for a managed PostgreSQL in production"));
		}
		return found;
	}

	/** One blocker per missing variable of every required integration, naming it. */
	static List<Finding> requiredKeysMissing(StatusSnapshot s, String traceId) {
		List<Finding> found = new ArrayList<>();
		for (Map.Entry<String, List<String>> missing : s.missingVariables().entrySet()) {
			for (String variable : missing.getValue()) {
				found.add(new Finding("INTEGRATION_KEY_MISSING", variable + " missing: " + missing.getKey() + " is required",
						Finding.CRITICAL, traceId, missing.getKey(), null,
						"Set " + variable + " in the environment (Replit Secrets) and restart"));
			}
		}
		return found;
	}

	static List<Finding> loopsInactive(StatusSnapshot s, String traceId) {
		List<Finding> found = new ArrayList<>();
		if (s.scheduler() == null) {
			found.add(new Finding("STATUS_CHECK_FAILED", "The loops' status (part: loops) cannot be read: "
					+ s.schedulerError(), Finding.CRITICAL, traceId, null, null, "Check the database"));
			return found;
		}
		if (!s.scheduler().supervisorLoopActive()) {
			found.add(new Finding("SUPERVISOR_INACTIVE", "The supervisor loop has not completed a pass within twice its"
					+ " interval on any replica: crashed bots would not be restarted", Finding.CRITICAL, traceId, null, null,
					"Check the replicas' logs and GET /api/scheduler/status (a replica must run with OBSERVATORY_ROLE=all)"));
		}
		if (!s.scheduler().timeoutWorkerActive()) {
			found.add(new Finding("TIMEOUT_WORKER_INACTIVE", "The timeout worker has not completed a pass within twice its"
					+ " interval on any replica: dead runners would not be noticed", Finding.CRITICAL, traceId, null, null,
					"Check the replicas' logs and GET /api/scheduler/status"));
		}
		return found;
	}

	/** Every order passes the risk engine; while it is disconnected no bot can trade, so autonomy is off. */
	static List<Finding> riskEngineDisconnected(StatusSnapshot s, String traceId) {
		if (s.riskEngine().connected()) {
			return List.of();
		}
		return List.of(new Finding("RISK_ENGINE_DISCONNECTED", s.riskEngine().reason() + "; every order is refused",
				Finding.CRITICAL, traceId, null, null,
				"Check the database and the service's logs; the engine reconnects on its checker's next successful beat"));
	}

	private static Finding partUnavailable(String part, String why, String traceId) {
		return new Finding("STATUS_PART_UNAVAILABLE", "The " + part + " part of the status cannot be read: " + why
				+ "; actions that need it are refused", Finding.WARNING, traceId, null, null,
				"Check the database and the service's logs; it is read again within 2 s");
	}

}
