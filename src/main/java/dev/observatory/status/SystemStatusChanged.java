package dev.observatory.status;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * Published when the verdict or its reasons change; the alerting module sends it.
 *
 * @param from the previous verdict, or null for the first one recorded
 * @param to the verdict now
 * @param blockers the blocker codes now
 * @param degraded the degraded codes now
 * @param traceId the trace of the computation that saw the change
 */
public record SystemStatusChanged(@Nullable String from, String to, List<String> blockers, List<String> degraded,
		String traceId) {
}
