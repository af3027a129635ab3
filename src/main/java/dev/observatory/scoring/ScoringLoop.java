package dev.observatory.scoring;

import dev.observatory.common.locks.LoopTicks;
import net.javacrumbs.shedlock.spring.annotation.SchedulerLock;

import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/** Scores every bot every {@code observatory.scoring.interval}, on one replica at a time. */
@Component
class ScoringLoop {

	static final String LOOP = "autonomy-scoring";

	private final AutonomyScores scores;

	private final LoopTicks ticks;

	private final ScoringProperties properties;

	ScoringLoop(AutonomyScores scores, LoopTicks ticks, ScoringProperties properties) {
		this.scores = scores;
		this.ticks = ticks;
		this.properties = properties;
	}

	@Scheduled(fixedDelayString = "${observatory.scoring.interval:5m}",
			initialDelayString = "${observatory.scoring.initial-delay:20s}")
	@SchedulerLock(name = LOOP, lockAtMostFor = "PT10M")
	void scheduled() {
		if (this.properties.enabled()) {
			tick();
		}
	}

	LoopTicks.Tick tick() {
		return this.ticks.run(LOOP, this.scores::passAll);
	}

}
