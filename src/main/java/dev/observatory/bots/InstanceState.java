package dev.observatory.bots;

/** A runner instance's lifecycle state (DESIGN.md §4). */
public enum InstanceState {

	PENDING, RUNNING, STOPPED, CRASHED, TIMED_OUT, TERMINATED

}
