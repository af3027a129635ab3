package dev.observatory.autonomy;

import java.util.UUID;

/**
 * Published when a bot is killed, by an invariant or by hand; the alerting module sends it.
 *
 * @param botId the bot
 * @param invariant what was breached ({@code MANUAL} for a person's kill)
 * @param action the kill action taken
 * @param traceId the trace of the kill
 */
public record BotKilled(UUID botId, String invariant, String action, String traceId) {
}
