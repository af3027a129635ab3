package dev.observatory.bots;

/** A job run's lifecycle state (DESIGN.md §4). */
public enum JobState {

	PENDING, RUNNING, SUCCEEDED, FAILED, TIMEOUT, CANCELLED, KILLED

}
