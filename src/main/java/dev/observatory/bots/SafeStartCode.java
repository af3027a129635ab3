package dev.observatory.bots;

import dev.observatory.common.error.ErrorCode;

import org.springframework.http.HttpStatus;

/** Why the safe-start gate refuses a start or a restart (DESIGN.md §5); each a 409. */
public enum SafeStartCode implements ErrorCode {

	/** A provider the bot needs is not configured. */
	INTEGRATION_KEY_MISSING,

	/** The bot's data provider is configured but its verify failed or is stale. */
	DATA_UNAVAILABLE,

	/** No risk engine vouches for the bot's orders. */
	RISK_ENGINE_DISCONNECTED,

	/** A LIVE bot whose {@code is_trading_enabled} is not true. */
	LIVE_TRADING_DISABLED,

	/** The LIVE bot's broker is not connected, or cannot report positions. */
	BROKER_UNAVAILABLE,

	/** The broker's positions differ from ours. */
	POSITION_MISMATCH,

	/** The bot's restart breaker is open. */
	CIRCUIT_OPEN,

	/** The bot is killed: only an unkill brings it back. */
	BOT_KILLED,

	/** The bot's autonomy tier is LOCKED (the supervisor's restarts only). */
	TIER_LOCKED,

	/** The system is DEGRADED (LIVE starts). */
	SYSTEM_DEGRADED,

	/** The system is BLOCKED. */
	SYSTEM_BLOCKED,

	/** A part the start depends on (the integrations status, the accounts) cannot be read. */
	DEPENDENCY_UNAVAILABLE,

	/** A check could not run: the gate fails closed. */
	SAFE_START_CHECK_FAILED;

	@Override
	public HttpStatus status() {
		return HttpStatus.CONFLICT;
	}

}
