package dev.observatory.telemetry;

import java.io.IOException;
import java.net.http.HttpTimeoutException;
import java.net.SocketTimeoutException;
import java.util.concurrent.TimeoutException;

/** How a provider call ended, as a usage event records it. */
public enum UsageStatus {

	OK, CLIENT_ERROR, AUTH_FAILED, RATE_LIMITED, SERVER_ERROR, TIMEOUT, NETWORK_ERROR;

	public static UsageStatus fromHttpStatus(int status) {
		if (status == 401 || status == 403) {
			return AUTH_FAILED;
		}
		if (status == 429) {
			return RATE_LIMITED;
		}
		if (status == 408 || status == 504) {
			return TIMEOUT;
		}
		if (status >= 500) {
			return SERVER_ERROR;
		}
		if (status >= 400) {
			return CLIENT_ERROR;
		}
		return OK;
	}

	/** A call that produced no response: a timeout, or any other I/O failure. */
	public static UsageStatus fromFailure(Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (cause instanceof SocketTimeoutException || cause instanceof HttpTimeoutException
					|| cause instanceof TimeoutException) {
				return TIMEOUT;
			}
		}
		return (failure instanceof IOException || failure.getCause() instanceof IOException) ? NETWORK_ERROR
				: CLIENT_ERROR;
	}

}
