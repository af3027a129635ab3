package dev.observatory.autonomy;

import java.util.UUID;

/** An invariant breach put a LIVE bot into reduce-only (its kill action's first step): alerted. */
public record BotReducedOnly(UUID botId, String invariant, String traceId) {
}
