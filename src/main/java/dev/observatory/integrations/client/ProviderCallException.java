package dev.observatory.integrations.client;

import java.time.Duration;

import dev.observatory.integrations.Diagnostic;
import dev.observatory.integrations.DiagnosticCode;
import org.jspecify.annotations.Nullable;

/**
 * A provider call that failed, already judged: its diagnostic code, a message safe to show (it
 * names the provider, the host, the HTTP status and the provider's own error code, never a key, a
 * token, a URL path or a response body), and whether trying again may help.
 */
public final class ProviderCallException extends RuntimeException {

	private final DiagnosticCode code;

	private final boolean transientFailure;

	private final @Nullable Duration retryAfter;

	private ProviderCallException(DiagnosticCode code, String message, boolean transientFailure,
			@Nullable Duration retryAfter) {
		super(message, null, false, false);
		this.code = code;
		this.transientFailure = transientFailure;
		this.retryAfter = retryAfter;
	}

	/** Trying again will not help (bad key, missing plan): report it, do not retry. */
	public static ProviderCallException finalFailure(DiagnosticCode code, String message) {
		return new ProviderCallException(code, message, false, null);
	}

	/** Trying again may help, after {@code retryAfter} when the provider said so. */
	public static ProviderCallException transientFailure(DiagnosticCode code, String message,
			@Nullable Duration retryAfter) {
		return new ProviderCallException(code, message, true, retryAfter);
	}

	public DiagnosticCode code() {
		return this.code;
	}

	public boolean isTransient() {
		return this.transientFailure;
	}

	public @Nullable Duration retryAfter() {
		return this.retryAfter;
	}

	public Diagnostic diagnostic() {
		return new Diagnostic(this.code, getMessage());
	}

}
