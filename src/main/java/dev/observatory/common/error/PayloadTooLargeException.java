package dev.observatory.common.error;

import java.io.IOException;

/** Thrown while reading a request body that grows past the configured limit. */
public final class PayloadTooLargeException extends IOException {

	public PayloadTooLargeException(long limitBytes) {
		super("Request body exceeds the limit of " + limitBytes + " bytes");
	}

}
