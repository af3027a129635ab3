package dev.observatory.status;

import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * One reason in the verdict: a blocker (severity CRITICAL), a degradation (WARNING) or a notice (INFO,
 * a fact that is not a fault).
 *
 * @param code UPPER_SNAKE, stable
 * @param message what is wrong, safe to show (names variables, never values)
 * @param severity CRITICAL, WARNING or INFO
 * @param traceId the trace of the computation, or of the check that found it
 * @param relatedProvider the integration concerned, if any
 * @param relatedBotId the bot concerned, if any
 * @param suggestedFix what to do about it
 */
public record Finding(String code, String message, String severity, String traceId, @Nullable String relatedProvider,
		@Nullable UUID relatedBotId, @Nullable String suggestedFix) {

	static final String CRITICAL = "CRITICAL";

	static final String WARNING = "WARNING";

	static final String INFO = "INFO";

	private static final java.util.regex.Pattern PART = java.util.regex.Pattern
		.compile("^The ([a-z-]+) part of the status cannot be read");

	/** For a {@code STATUS_PART_UNAVAILABLE} finding, the part it names ({@code integrations}, {@code accounts}). */
	public java.util.Optional<String> unavailablePart() {
		java.util.regex.Matcher matcher = PART.matcher(this.message);
		return (this.code.equals("STATUS_PART_UNAVAILABLE") && matcher.find()) ? java.util.Optional.of(matcher.group(1))
				: java.util.Optional.empty();
	}

}
