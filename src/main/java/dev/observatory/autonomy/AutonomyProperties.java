package dev.observatory.autonomy;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code observatory.autonomy.*}: the autonomy loops.
 *
 * @param timeoutWorker the timeout worker
 * @param supervisor the supervisor loop and its restart policy
 */
@ConfigurationProperties("observatory.autonomy")
public record AutonomyProperties(@DefaultValue TimeoutWorker timeoutWorker, @DefaultValue Supervisor supervisor) {

	/**
	 * @param enabled whether this replica runs the loop (tests drive passes themselves)
	 * @param interval how often it runs
	 * @param threshold a RUNNING job or instance whose heartbeat is older than this is timed out
	 * @param initialDelay the first pass after start-up (the status reads the loop inactive until it ran)
	 */
	public record TimeoutWorker(@DefaultValue("true") boolean enabled, @DefaultValue("5m") Duration interval,
			@DefaultValue("90s") Duration threshold, @DefaultValue("2s") Duration initialDelay) {
	}

	/**
	 * @param enabled whether this replica runs the loop
	 * @param interval the safety-net tick; crashes and timeouts wake it at once
	 * @param stuckThreshold a RUNNING instance whose loop has not completed an iteration for this long is stuck
	 * @param backoffInitial the delay before the first restart after a failure
	 * @param backoffMax the cap of the doubling delay
	 * @param backoffReset failures older than this no longer lengthen the delay (clean running resets it)
	 * @param halfOpenSuccessAfter how long a run started in HALF_OPEN must heartbeat to close the breaker
	 * @param wakeOnFailure whether a crash or a timeout wakes it at once (else its tick finds them)
	 * @param initialDelay the first pass after start-up
	 */
	public record Supervisor(@DefaultValue("true") boolean enabled, @DefaultValue("2m") Duration interval,
			@DefaultValue("60s") Duration stuckThreshold, @DefaultValue("1s") Duration backoffInitial,
			@DefaultValue("5m") Duration backoffMax, @DefaultValue("10m") Duration backoffReset,
			@DefaultValue("60s") Duration halfOpenSuccessAfter, @DefaultValue("true") boolean wakeOnFailure,
			@DefaultValue("2s") Duration initialDelay) {
	}

}
