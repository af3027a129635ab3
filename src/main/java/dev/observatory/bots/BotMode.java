package dev.observatory.bots;

/** How a bot trades: simulated data and fills, paper fills on real data, or real money. */
public enum BotMode {

	SIM, PAPER, LIVE;

	/** DESIGN.md §11: how the mode is shown — SIM as SIMULATED, so nothing simulated can pass for real. */
	public String label() {
		return (this == SIM) ? "SIMULATED" : name();
	}

	/** The label of a stored mode. */
	public static String labelOf(String mode) {
		return valueOf(mode).label();
	}

}
