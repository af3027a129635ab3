package dev.observatory.traces;

/** Why a bot did not trade (the spec's suppression types). */
public enum SuppressionType {

	RISK_BLOCK, DATA_MISSING, COOLDOWN, CIRCUIT_OPEN, OUTSIDE_SESSION, SYSTEM_BLOCKED, LIVE_TRADING_DISABLED,
	KILL_SWITCH, AI_VETO, AI_UNAVAILABLE

}
