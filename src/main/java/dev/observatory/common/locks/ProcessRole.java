package dev.observatory.common.locks;

/**
 * What a process of the jar does ({@code observatory.role}, env {@code OBSERVATORY_ROLE}). Every
 * replica runs the API and a runner host; only {@link #ALL} replicas take part in the singleton
 * control loops (re-verify and the autonomy loops), so a fleet can add runner-only processes
 * for capacity without adding contenders for those loops.
 */
public enum ProcessRole {

	/** API, runner host and the singleton loops (the default). */
	ALL,

	/** API and runner host; never takes a singleton loop's lock. */
	RUNNER

}
