package dev.observatory.autonomy;

import java.util.Set;
import java.util.UUID;

/**
 * Asks the supervisor for a pass now rather than at its next tick: a runner crashed, a heartbeat
 * timed out, a breaker was reset.
 *
 * @param cause why, for the pass's record
 * @param bots the bots concerned
 */
public record SupervisorWakeUp(String cause, Set<UUID> bots) {
}
