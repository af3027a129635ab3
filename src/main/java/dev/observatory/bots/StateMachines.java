package dev.observatory.bots;

import static dev.observatory.bots.BotState.BLOCKED;
import static dev.observatory.bots.BotState.DEGRADED;
import static dev.observatory.bots.BotState.KILLED;
import static dev.observatory.bots.BotState.STARTING;
import static dev.observatory.bots.BotState.STOPPED;

import java.util.Map;
import java.util.Set;

/** The three machines of DESIGN.md §4, exactly. */
public final class StateMachines {

	/**
	 * STOPPED→STARTING; STARTING→RUNNING|BLOCKED|STOPPED; RUNNING↔DEGRADED; RUNNING|DEGRADED→
	 * STOPPED|BLOCKED; BLOCKED→STARTING|STOPPED; any→KILLED; KILLED→STOPPED (only an unkill,
	 * {@link Transitions#UNKILL}).
	 */
	public static final StateMachine<BotState> BOT = new StateMachine<>("BOT", BotState.class,
			Map.of(STOPPED, Set.of(STARTING, KILLED), STARTING, Set.of(BotState.RUNNING, BLOCKED, STOPPED, KILLED),
					BotState.RUNNING, Set.of(DEGRADED, STOPPED, BLOCKED, KILLED),
					DEGRADED, Set.of(BotState.RUNNING, STOPPED, BLOCKED, KILLED), BLOCKED, Set.of(STARTING, STOPPED, KILLED),
					KILLED, Set.of(STOPPED)),
			"""
					UPDATE bots SET state = :to, updated_at = :at WHERE id = :id AND state = :expected RETURNING id""",
			BotErrorCode.BOT_NOT_FOUND);

	/** PENDING→RUNNING|TERMINATED; RUNNING→STOPPED|CRASHED|TIMED_OUT|TERMINATED; CRASHED|TIMED_OUT→TERMINATED. */
	public static final StateMachine<InstanceState> INSTANCE = new StateMachine<>("INSTANCE", InstanceState.class,
			Map.of(InstanceState.PENDING, Set.of(InstanceState.RUNNING, InstanceState.TERMINATED), InstanceState.RUNNING,
					Set.of(InstanceState.STOPPED, InstanceState.CRASHED, InstanceState.TIMED_OUT, InstanceState.TERMINATED),
					InstanceState.CRASHED, Set.of(InstanceState.TERMINATED), InstanceState.TIMED_OUT,
					Set.of(InstanceState.TERMINATED)),
			"""
					UPDATE runner_instances SET state = :to,
					    started_at = CASE WHEN :to = 'RUNNING' THEN :at ELSE started_at END,
					    ended_at = CASE WHEN :to IN ('STOPPED', 'CRASHED', 'TIMED_OUT', 'TERMINATED')
					                    THEN coalesce(ended_at, :at) ELSE ended_at END
					WHERE id = :id AND state = :expected RETURNING bot_id""",
			BotErrorCode.INSTANCE_NOT_FOUND);

	/** PENDING→RUNNING|CANCELLED; RUNNING→SUCCEEDED|FAILED|TIMEOUT|CANCELLED|KILLED. */
	public static final StateMachine<JobState> JOB = new StateMachine<>("JOB", JobState.class,
			Map.of(JobState.PENDING, Set.of(JobState.RUNNING, JobState.CANCELLED), JobState.RUNNING,
					Set.of(JobState.SUCCEEDED, JobState.FAILED, JobState.TIMEOUT, JobState.CANCELLED, JobState.KILLED)),
			"""
					UPDATE job_runs SET state = :to, reason_code = :reason,
					    started_at = CASE WHEN :to = 'RUNNING' THEN :at ELSE started_at END,
					    ended_at = CASE WHEN :to <> 'RUNNING' THEN :at ELSE ended_at END
					WHERE id = :id AND state = :expected RETURNING bot_id""",
			BotErrorCode.JOB_NOT_FOUND);

	private StateMachines() {
	}

}
