package dev.observatory.autonomy;

import java.util.UUID;

/**
 * Published when a bot's restart breaker opens: the supervisor stops restarting it. The alerting
 * module sends it to the configured channels.
 *
 * @param botId the bot
 * @param failures the failures counted in the window
 * @param cause {@code FAILURES_IN_WINDOW} or {@code HALF_OPEN_TRIAL_FAILED}
 * @param traceId the trace of the decision
 */
public record BreakerOpened(UUID botId, int failures, String cause, String traceId) {
}
