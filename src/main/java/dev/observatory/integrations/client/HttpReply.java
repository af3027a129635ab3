package dev.observatory.integrations.client;

import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

import dev.observatory.integrations.DiagnosticCode;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpHeaders;

/**
 * A provider's answer, read whole (up to {@link ProviderHttp#MAX_BODY_BYTES}) so the client can
 * judge it after the connection is released. The body is parsed, never quoted: a provider may echo
 * what it was sent.
 */
public record HttpReply(String providerName, String host, int status, HttpHeaders headers, byte[] body) {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	public boolean isSuccess() {
		return this.status >= 200 && this.status < 300;
	}

	/** The body as JSON; a body that is not JSON is {@code UNEXPECTED_RESPONSE}. */
	public JsonNode json() {
		if (this.body.length == 0) {
			throw malformed("an empty body");
		}
		try {
			return JSON.readTree(this.body);
		}
		catch (JacksonException ex) {
			throw malformed("a body that is not JSON");
		}
	}

	/** The body as JSON, or a missing node when it is empty or not JSON (for reading error codes). */
	public JsonNode jsonOrMissing() {
		try {
			return (this.body.length == 0) ? JSON.missingNode() : JSON.readTree(this.body);
		}
		catch (JacksonException ex) {
			return JSON.missingNode();
		}
	}

	public ProviderCallException malformed(String what) {
		return ProviderCallException.finalFailure(DiagnosticCode.UNEXPECTED_RESPONSE,
				this.providerName + " at " + this.host + " answered HTTP " + this.status + " with " + what
						+ "; the client cannot read it");
	}

	public @Nullable String header(String name) {
		return this.headers.getFirst(name);
	}

	/**
	 * How long the provider asked us to wait: {@code retry-after-ms}, or {@code Retry-After} in
	 * seconds or as an HTTP date; null when it did not say (or said something unreadable).
	 */
	public @Nullable Duration retryAfter(Clock clock) {
		String millis = header("retry-after-ms");
		if (millis != null && millis.trim().matches("\\d+(\\.\\d+)?")) {
			return Duration.ofMillis((long) Double.parseDouble(millis.trim()));
		}
		String value = header(HttpHeaders.RETRY_AFTER);
		if (value == null) {
			return null;
		}
		String trimmed = value.trim();
		if (trimmed.matches("\\d+(\\.\\d+)?")) {
			return Duration.ofMillis((long) (Double.parseDouble(trimmed) * 1000));
		}
		try {
			Duration until = Duration.between(clock.instant(),
					ZonedDateTime.parse(trimmed, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
			return until.isNegative() ? Duration.ZERO : until;
		}
		catch (DateTimeParseException ex) {
			return null;
		}
	}

}
