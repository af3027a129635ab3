package dev.observatory.status;

import java.util.List;

/**
 * Published by each scheduled recomputation while the verdict is not OK: the alerts remind people of a
 * condition that lasts (at most once per reminder interval for the same condition).
 *
 * @param status DEGRADED or BLOCKED
 * @param blockers the blocker codes
 * @param degraded the degraded codes
 * @param traceId the trace of the recomputation
 */
public record SystemStatusPersisting(String status, List<String> blockers, List<String> degraded, String traceId) {
}
