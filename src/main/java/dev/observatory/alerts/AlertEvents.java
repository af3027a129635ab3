package dev.observatory.alerts;

import java.util.concurrent.atomic.AtomicInteger;

import dev.observatory.autonomy.BotKilled;
import dev.observatory.autonomy.BreakerOpened;
import dev.observatory.status.SystemStatusChanged;
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
		String level = switch (changed.to()) {
			case "BLOCKED" -> "CRITICAL";
			case "DEGRADED" -> "WARNING";
			default -> "INFO";
		};
		StringBuilder text = new StringBuilder("System status ").append(changed.from() == null ? "" : changed.from() + " → ")
			.append(changed.to());
		if (!changed.blockers().isEmpty()) {
			text.append("\nBlockers: ").append(String.join(", ", changed.blockers()));
		}
		if (!changed.degraded().isEmpty()) {
			text.append("\nDegraded: ").append(String.join(", ", changed.degraded()));
		}
		text.append("\nReasons and fixes: GET /api/system/status");
		send(new Alert("STATUS_CHANGED", "status:" + changed.to() + ":" + changed.blockers() + ":" + changed.degraded(),
				"Observatory is " + changed.to(), text.toString(), level, changed.traceId()));
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
