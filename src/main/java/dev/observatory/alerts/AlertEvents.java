package dev.observatory.alerts;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import dev.observatory.autonomy.BotKilled;
import dev.observatory.autonomy.BotReducedOnly;
import dev.observatory.autonomy.BreakerOpened;
import dev.observatory.status.SystemStatusChanged;
import dev.observatory.status.SystemStatusPersisting;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Turns the events that need a person into alerts: every change of the verdict or of its reasons,
 * every breaker that opens, every kill. Sent on a virtual thread, so whoever published the event
 * (a request, a loop) never waits for Discord or a mail server.
 */
@Component
class AlertEvents {

	private static final Logger log = LoggerFactory.getLogger(AlertEvents.class);

	private final AlertSender sender;

	private final boolean enabled;

	private final AtomicInteger inFlight = new AtomicInteger();

	AlertEvents(AlertSender sender, @Value("${observatory.alerts.enabled:true}") boolean enabled) {
		this.sender = sender;
		this.enabled = enabled;
	}

	@EventListener
	void onStatusChanged(SystemStatusChanged changed) {
		send(statusAlert("STATUS_CHANGED", changed.from(), changed.to(), changed.blockers(), changed.degraded(),
				changed.traceId()));
	}

	/** A condition that lasts: the same key as its change alert, so it is re-sent only after the reminder interval. */
	@EventListener
	void onStatusPersisting(SystemStatusPersisting persisting) {
		send(statusAlert("STATUS_REMINDER", null, persisting.status(), persisting.blockers(), persisting.degraded(),
				persisting.traceId()));
	}

	private static Alert statusAlert(String kind, @Nullable String from, String to, List<String> blockers,
			List<String> degraded, String traceId) {
		String level = switch (to) {
			case "BLOCKED" -> "CRITICAL";
			case "DEGRADED" -> "WARNING";
			default -> "INFO";
		};
		StringBuilder text = new StringBuilder(kind.equals("STATUS_REMINDER") ? "Still " : "System status ")
			.append((from == null) ? "" : from + " → ")
			.append(to);
		if (!blockers.isEmpty()) {
			text.append("\nBlockers: ").append(String.join(", ", blockers));
		}
		if (!degraded.isEmpty()) {
			text.append("\nDegraded: ").append(String.join(", ", degraded));
		}
		text.append("\nReasons and fixes: GET /api/system/status");
		return new Alert(kind, "status:" + to + ":" + blockers + ":" + degraded, "Observatory is " + to, text.toString(),
				level, traceId);
	}

	@EventListener
	void onBreakerOpened(BreakerOpened opened) {
		send(new Alert("BREAKER_OPEN", "breaker:" + opened.botId() + ":" + opened.traceId(),
				"Restart breaker open for bot " + opened.botId(),
				opened.failures() + " failures (" + opened.cause() + "): the supervisor no longer restarts it."
						+ "\nFix the cause, then POST /api/bots/" + opened.botId() + "/breaker/reset",
				"WARNING", opened.traceId()));
	}

	@EventListener
	void onBotReducedOnly(BotReducedOnly reduced) {
		send(new Alert("BOT_REDUCE_ONLY", "reduce-only:" + reduced.botId() + ":" + reduced.traceId(),
				"Bot " + reduced.botId() + " put in reduce-only", "Invariant " + reduced.invariant()
						+ " breached: entries are refused and exits managed; a kill follows if the breach holds.",
				"WARNING", reduced.traceId()));
	}

	@EventListener
	void onBotKilled(BotKilled killed) {
		send(new Alert("BOT_KILLED", "kill:" + killed.botId() + ":" + killed.traceId(), "Bot " + killed.botId() + " killed",
				"Invariant " + killed.invariant() + ", action " + killed.action()
						+ ".\nIt stays killed until an administrator unkills it with a reason.",
				"CRITICAL", killed.traceId()));
	}

	private void send(Alert alert) {
		if (!this.enabled) {
			return;
		}
		this.inFlight.incrementAndGet();
		Thread.ofVirtual().name("alert-" + alert.kind()).start(() -> {
			try {
				this.sender.send(alert, true);
			}
			catch (RuntimeException ex) {
				log.warn("Alert {} could not be processed: {}", alert.kind(), ex.getClass().getSimpleName());
			}
			finally {
				this.inFlight.decrementAndGet();
			}
		});
	}

	/** Alerts being sent now; shutdown waits for them ({@link AlertDrain}). */
	int inFlight() {
		return this.inFlight.get();
	}

}
