package dev.observatory.bots;

import dev.observatory.common.error.ErrorCode;

import org.springframework.http.HttpStatus;

/** The bots module's own error codes. */
public enum BotErrorCode implements ErrorCode {

	/** The pair is not in the machine's table. */
	INVALID_TRANSITION(HttpStatus.CONFLICT),

	/** The entity left the expected state before this change (another replica or request won). */
	STATE_CONFLICT(HttpStatus.CONFLICT),

	BOT_NOT_FOUND(HttpStatus.NOT_FOUND),

	INSTANCE_NOT_FOUND(HttpStatus.NOT_FOUND),

	JOB_NOT_FOUND(HttpStatus.NOT_FOUND),

	ACCOUNT_EXISTS(HttpStatus.CONFLICT),

	BOT_NAME_TAKEN(HttpStatus.CONFLICT),

	/** The safe-start gate refused the start; {@code reasons} lists why. */
	SAFE_START_DENIED(HttpStatus.CONFLICT),

	/** A drill needs a RUNNING instance to act on. */
	BOT_NOT_RUNNING(HttpStatus.CONFLICT),

	/** Drills on LIVE bots need {@code OBSERVATORY_ALLOW_LIVE_DRILLS=true}. */
	LIVE_DRILLS_DISABLED(HttpStatus.CONFLICT),

	/** Only a stopped bot (desired and actual) may be deleted. */
	BOT_NOT_STOPPED(HttpStatus.CONFLICT);

	private final HttpStatus status;

	BotErrorCode(HttpStatus status) {
		this.status = status;
	}

	@Override
	public HttpStatus status() {
		return this.status;
	}

}
