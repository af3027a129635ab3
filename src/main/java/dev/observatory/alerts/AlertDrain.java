package dev.observatory.alerts;

import java.time.Duration;

import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * On shutdown, waits (at most 10 s) for the alerts being sent, before the clients and the database
 * go: an alert raised just before a stop is still delivered and recorded.
 */
@Component
class AlertDrain implements SmartLifecycle {

	private static final Duration LONGEST = Duration.ofSeconds(10);

	private final AlertEvents events;

	private volatile boolean running;

	AlertDrain(AlertEvents events) {
		this.events = events;
	}

	/** Whether no alert is being sent. */
	boolean idle() {
		return this.events.inFlight() == 0;
	}

	@Override
	public void start() {
		this.running = true;
	}

	@Override
	public void stop() {
		this.running = false;
		long deadline = System.nanoTime() + LONGEST.toNanos();
		while (!idle() && System.nanoTime() < deadline) {
			try {
				Thread.sleep(50);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
		}
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

}
