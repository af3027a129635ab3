package dev.observatory.common.error;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A failure a client is meant to see: rendered as a problem with the code's status, the code and the
 * message as {@code detail}. The message must be safe to show (name a variable, never its value).
 * Extra members (the fields of a validation failure, a safe-start denial's checks) go in
 * {@link #properties()}.
 */
public class ApiException extends RuntimeException {

	private final ErrorCode errorCode;

	private final Map<String, Object> properties;

	public ApiException(ErrorCode errorCode, String message) {
		this(errorCode, message, Map.of());
	}

	public ApiException(ErrorCode errorCode, String message, Map<String, Object> properties) {
		super(message, null, false, false);
		this.errorCode = errorCode;
		this.properties = new LinkedHashMap<>(properties);
	}

	public ErrorCode errorCode() {
		return this.errorCode;
	}

	public Map<String, Object> properties() {
		return Map.copyOf(this.properties);
	}

	public static ApiException notFound(String what) {
		return new ApiException(CommonErrorCode.NOT_FOUND, what + " was not found");
	}

}
