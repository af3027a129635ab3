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

}
