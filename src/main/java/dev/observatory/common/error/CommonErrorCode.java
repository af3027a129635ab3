package dev.observatory.common.error;

import org.springframework.http.HttpStatus;

/** The error codes of the HTTP layer itself, shared by every module. */
public enum CommonErrorCode implements ErrorCode {

	VALIDATION_FAILED(HttpStatus.BAD_REQUEST),
	MALFORMED_REQUEST(HttpStatus.BAD_REQUEST),
	INVALID_PARAMETER(HttpStatus.BAD_REQUEST),
	MISSING_PARAMETER(HttpStatus.BAD_REQUEST),
	UNAUTHORIZED(HttpStatus.UNAUTHORIZED),
	FORBIDDEN(HttpStatus.FORBIDDEN),
	CSRF_TOKEN_INVALID(HttpStatus.FORBIDDEN),
	ROUTE_NOT_FOUND(HttpStatus.NOT_FOUND),
	NOT_FOUND(HttpStatus.NOT_FOUND),
	METHOD_NOT_ALLOWED(HttpStatus.METHOD_NOT_ALLOWED),
	NOT_ACCEPTABLE(HttpStatus.NOT_ACCEPTABLE),
	CONFLICT(HttpStatus.CONFLICT),
	PAYLOAD_TOO_LARGE(HttpStatus.CONTENT_TOO_LARGE),
	UNSUPPORTED_MEDIA_TYPE(HttpStatus.UNSUPPORTED_MEDIA_TYPE),
	RATE_LIMITED(HttpStatus.TOO_MANY_REQUESTS),
	INTERNAL_ERROR(HttpStatus.INTERNAL_SERVER_ERROR),
	NOT_IMPLEMENTED(HttpStatus.NOT_IMPLEMENTED),
	SERVICE_UNAVAILABLE(HttpStatus.SERVICE_UNAVAILABLE),
	DATABASE_UNAVAILABLE(HttpStatus.SERVICE_UNAVAILABLE);

	private final HttpStatus status;

	CommonErrorCode(HttpStatus status) {
		this.status = status;
	}

	@Override
	public HttpStatus status() {
		return this.status;
	}

	/** The generic code for a status that reached us without a more specific one. */
	public static CommonErrorCode forStatus(int status) {
		return switch (status) {
			case 400 -> MALFORMED_REQUEST;
			case 401 -> UNAUTHORIZED;
			case 403 -> FORBIDDEN;
			case 404 -> ROUTE_NOT_FOUND;
			case 405 -> METHOD_NOT_ALLOWED;
			case 406 -> NOT_ACCEPTABLE;
			case 409 -> CONFLICT;
			case 413 -> PAYLOAD_TOO_LARGE;
			case 415 -> UNSUPPORTED_MEDIA_TYPE;
			case 429 -> RATE_LIMITED;
			case 501 -> NOT_IMPLEMENTED;
			case 503 -> SERVICE_UNAVAILABLE;
			default -> (status >= 400 && status < 500) ? MALFORMED_REQUEST : INTERNAL_ERROR;
		};
	}

}
