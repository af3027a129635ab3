package dev.observatory.autonomy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import dev.observatory.bots.InstanceFailed;
import dev.observatory.common.error.ApiException;
import dev.observatory.common.locks.LoopTicks;
import net.javacrumbs.shedlock.core.DefaultLockingTaskExecutor;
import net.javacrumbs.shedlock.core.LockConfiguration;
import net.javacrumbs.shedlock.core.LockProvider;
import net.javacrumbs.shedlock.core.LockingTaskExecutor;
import net.javacrumbs.shedlock.spring.annotation.SchedulerLock;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.EventListener;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The supervisor loop: for every bot meant to run whose instance is down (crashed, timed out,
 * missing, stopped without a successor) or stuck (RUNNING, but no run-loop iteration within the
 * stuck threshold), it restarts — with exponential backoff — unless the bot's breaker holds it or
 * the safe-start gate refuses. Every pass records what it decided, "nothing to do" included. It
 * ticks every 2 minutes as a safety net and is woken at once by a crash or a timeout; every pass,
 * ticked or woken, runs under the same ShedLock lock, so one replica supervises at a time.
 */
@Component
class Supervisor {

	static final String LOOP = "supervisor";

	private static final Logger log = LoggerFactory.getLogger(Supervisor.class);

	/** Attempts of a woken pass to take the lock while another pass holds it. */
	private static final int WAKE_ATTEMPTS = 6;

	private final AutonomyProperties properties;

	private final SupervisorDecisions decisions;

	private final TransactionTemplate transactions;

	private final LoopTicks ticks;

	private final LockingTaskExecutor locks;

	private final TaskScheduler scheduler;

	private final ApplicationEventPublisher events;

	private final Clock clock;

	private final ObjectProvider<SupervisorSignals> signals;

	private @Nullable Instant nextWake;

	Supervisor(AutonomyProperties properties, SupervisorDecisions decisions, TransactionTemplate transactions,
			LoopTicks ticks, LockProvider lockProvider, TaskScheduler scheduler, ApplicationEventPublisher events,
			ObjectProvider<SupervisorSignals> signals, Clock clock) {
		this.properties = properties;
		this.decisions = decisions;
		this.transactions = transactions;
		this.ticks = ticks;
		this.locks = new DefaultLockingTaskExecutor(lockProvider);
		this.scheduler = scheduler;
		this.events = events;
		this.signals = signals;
		this.clock = clock;
	}

	@Scheduled(fixedDelayString = "${observatory.autonomy.supervisor.interval:2m}",
			initialDelayString = "${observatory.autonomy.supervisor.initial-delay:2s}")
	@SchedulerLock(name = LOOP, lockAtMostFor = "PT2M")
	void scheduled() {
		if (this.properties.supervisor().enabled()) {
			tick();
		}
	}

	@EventListener
	void onInstanceFailed(InstanceFailed failed) {
		wakeEverywhere("INSTANCE_FAILED");
	}

	@EventListener
	void onWakeUp(SupervisorWakeUp wakeUp) {
		wakeEverywhere(wakeUp.cause());
	}

	/** A pass now, here and (through NOTIFY) on the other replicas. */
	private void wakeEverywhere(String cause) {
		if (this.properties.supervisor().wakeOnFailure()) {
			wake(Duration.ZERO);
			this.signals.getObject().notifyOthers(cause);
		}
	}

	/** A pass after {@code delay} (real time), under the loop's lock; coalesced with a pass already due sooner. */
	void wake(Duration delay) {
		if (!this.properties.supervisor().enabled()) {
			return;
		}
		Instant now = Instant.now();
		Instant at = now.plus(delay);
		synchronized (this) {
			if (this.nextWake != null && this.nextWake.isAfter(now) && !this.nextWake.isAfter(at)) {
				return;
			}
			this.nextWake = at;
		}
		this.scheduler.schedule(() -> runLocked(1), at);
	}

	private void runLocked(int attempt) {
		try {
			boolean ran = this.locks
				.executeWithLock(() -> tick(), new LockConfiguration(Instant.now(), LOOP, Duration.ofMinutes(2), Duration.ZERO))
				.wasExecuted();
			if (!ran && attempt < WAKE_ATTEMPTS) {
				// Another pass (here or on another replica) holds the lock and may have read before this wake-up.
				this.scheduler.schedule(() -> runLocked(attempt + 1), Instant.now().plusMillis(250L * attempt));
			}
		}
		catch (Throwable ex) {
			log.warn("Woken supervisor pass failed: {}", ex.getClass().getSimpleName());
		}
	}

	/** One recorded pass. */
	LoopTicks.Tick tick() {
		return this.ticks.run(LOOP, this::pass);
	}

	Map<String, Object> pass() {
		Instant now = this.clock.instant().truncatedTo(ChronoUnit.MICROS);
		Map<String, Object> decided = new LinkedHashMap<>();
		List<String> halfOpened = this.decisions.coolDowns(now);
		List<String> closed = this.decisions.closeAfterCleanRuns(now);
		List<SupervisorDecisions.Candidate> candidates = this.decisions.candidates(now);
		Map<String, List<String>> byDecision = new TreeMap<>();
		Instant retryAt = null;
		for (SupervisorDecisions.Candidate candidate : candidates) {
			SupervisorDecisions.Decision decision;
			try {
				decision = this.transactions.execute((status) -> this.decisions.decide(candidate, now));
			}
			catch (ApiException ex) {
				// A person or another replica changed the bot between the scan and the decision.
				decision = new SupervisorDecisions.Decision("CHANGED_MEANWHILE", null, null);
			}
			if (decision == null) {
				continue;
			}
			byDecision.computeIfAbsent(decision.kind(), (kind) -> new ArrayList<>()).add(candidate.botId().toString());
			if (decision.retryAt() != null && (retryAt == null || decision.retryAt().isBefore(retryAt))) {
				retryAt = decision.retryAt();
			}
			if (decision.breakerOpened() != null) {
				this.events.publishEvent(decision.breakerOpened());
			}
		}
		if (retryAt != null) {
			wake(Duration.between(now, retryAt));
		}
		decided.put("candidates", candidates.size());
		decided.putAll(byDecision);
		if (!halfOpened.isEmpty()) {
			decided.put("breakers_half_opened", halfOpened);
		}
		if (!closed.isEmpty()) {
			decided.put("breakers_closed", closed);
		}
		if (candidates.isEmpty() && halfOpened.isEmpty() && closed.isEmpty()) {
			decided.put("nothing_to_do", true);
		}
		return decided;
	}

}
