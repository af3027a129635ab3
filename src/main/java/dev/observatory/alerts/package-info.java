/**
 * Alerts: every verdict change, breaker opening and kill goes to the configured channels (Discord
 * webhook, e-mail over SMTP) through the instrumented provider clients, deduplicated, retried where
 * that is safe, and recorded; a channel whose last delivery failed makes the verdict DEGRADED.
 */
@NullMarked
package dev.observatory.alerts;

import org.jspecify.annotations.NullMarked;
