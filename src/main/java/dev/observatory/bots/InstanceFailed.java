package dev.observatory.bots;

import java.util.UUID;

/**
 * Published when a runner instance fails (its loop threw): the supervisor answers it at once
 * instead of at its next tick.
 *
 * @param botId the bot
 * @param instanceId the failed instance
 * @param reason the instance's exit reason
 */
public record InstanceFailed(UUID botId, UUID instanceId, String reason) {
}
