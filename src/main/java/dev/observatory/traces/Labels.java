package dev.observatory.traces;

/** DESIGN.md §11: a SIM bot's output is shown as SIMULATED; PAPER and LIVE as themselves. */
final class Labels {

	private Labels() {
	}

	static String of(String mode) {
		return mode.equals("SIM") ? "SIMULATED" : mode;
	}

}
