package dev.observatory.runtime;

/** What a bot's run loop throws when a crash drill was requested: recorded like any other failure. */
class SimulatedCrashException extends RuntimeException {

	SimulatedCrashException() {
		super("crash drill requested by an operator (POST /api/bots/{id}/simulate-crash)");
	}

}
