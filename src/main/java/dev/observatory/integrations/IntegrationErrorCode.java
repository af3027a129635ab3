package dev.observatory.integrations;

import dev.observatory.common.error.ErrorCode;

import org.springframework.http.HttpStatus;

/** The integrations module's own error codes. */
enum IntegrationErrorCode implements ErrorCode {

	UNKNOWN_PROVIDER(HttpStatus.NOT_FOUND),
	COMING_SOON(HttpStatus.NOT_IMPLEMENTED);

	private final HttpStatus status;

	IntegrationErrorCode(HttpStatus status) {
		this.status = status;
	}

	@Override
	public HttpStatus status() {
		return this.status;
	}

}
