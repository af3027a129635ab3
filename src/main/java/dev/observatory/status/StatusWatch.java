package dev.observatory.status;

import dev.observatory.bots.FleetCounts;
import dev.observatory.common.locks.LoopTicks;
import net.javacrumbs.shedlock.spring.annotation.SchedulerLock;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Recomputes the verdict on a schedule, so that a change is recorded and alerted even when nobody is
 * asking (a database that dies at night), and publishes {@link SystemStatusPersisting} while it is not
 * OK, from which the alerts send their reminders; first it folds the fleet counts' deltas in. One
 * replica at a time; each pass is a recorded tick.
 */
@Component
public class StatusWatch {

	static final String LOOP = "status-watch";

	private final SystemStatus status;

	private final LoopTicks ticks;

	private final FleetCounts fleet;

	private final StatusHistory history;

	private final ApplicationEventPublisher events;

	StatusWatch(SystemStatus status, StatusHistory history, FleetCounts fleet, LoopTicks ticks,
			ApplicationEventPublisher events) {
		this.status = status;
		this.fleet = fleet;
		this.history = history;
		this.ticks = ticks;
		this.events = events;
	}

	@Scheduled(fixedDelayString = "${observatory.status.watch-interval:30s}",
			initialDelayString = "${observatory.status.watch-initial-delay:5s}")
	@SchedulerLock(name = LOOP, lockAtMostFor = "PT1M")
	void scheduled() {
		this.ticks.run(LOOP, this::pass);
	}

	/** One recomputation; a reminder only when it did not itself record a change (that change alerts already). */
	public java.util.Map<String, Object> pass() {
		long folded = this.fleet.compact();
		SystemStatus.Envelope verdict = this.status.compute();
		boolean changedNow = this.history.latest().map((change) -> change.traceId().equals(verdict.traceId())).orElse(false);
		if (!verdict.systemStatus().equals("OK") && !changedNow) {
			this.events.publishEvent(new SystemStatusPersisting(verdict.systemStatus(), verdict.blockerCodes(),
					verdict.degradedCodes(), verdict.traceId()));
		}
		return java.util.Map.of("system_status", verdict.systemStatus(), "blockers", verdict.blockerCodes(), "degraded",
				verdict.degradedCodes(), "count_deltas_folded", folded);
	}

}
