package dev.observatory.integrations;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code observatory.integrations.*}: how provider clients retry, when a provider's breaker opens,
 * how often Verify runs by itself and how long its answer counts. The connect and read timeouts
 * ({@code observatory.integrations.connect-timeout}, {@code read-timeout}) are read by the one
 * outbound HTTP factory in {@code telemetry}.
 *
 * @param retry retries of transient failures (never of a final one)
 * @param breaker the per-provider circuit breaker
 * @param reverify the loop that verifies every configured provider
 * @param errorRate when a provider's recent calls make it degraded
 * @param databentoDataset the dataset whose range proves Databento's entitlement
 * @param polygonEntitlementTicker the ticker whose last trade proves Polygon's entitlement
 */
@ConfigurationProperties("observatory.integrations")
public record IntegrationProperties(@DefaultValue Retry retry, @DefaultValue Breaker breaker,
		@DefaultValue Reverify reverify, @DefaultValue ErrorRate errorRate,
		@DefaultValue("GLBX.MDP3") String databentoDataset, @DefaultValue("AAPL") String polygonEntitlementTicker) {

	/**
	 * @param maxAttempts attempts in all, the first included
	 * @param initialBackoff the pause before the first retry, doubled each time, with jitter
	 * @param maxBackoff the longest pause between attempts
	 * @param maxRetryAfter the longest {@code Retry-After} honoured by waiting; a longer one ends
	 *     the call at once with {@code RATE_LIMITED}
	 */
	public record Retry(@DefaultValue("3") int maxAttempts, @DefaultValue("500ms") Duration initialBackoff,
			@DefaultValue("8s") Duration maxBackoff, @DefaultValue("30s") Duration maxRetryAfter) {
	}

	/**
	 * @param window calls in the sliding window
	 * @param minimumCalls calls before the failure rate is judged
	 * @param failureRatePercent the rate of transient failures that opens the breaker
	 * @param openFor how long an open breaker fails calls fast before it lets a few through
	 */
	public record Breaker(@DefaultValue("10") int window, @DefaultValue("5") int minimumCalls,
			@DefaultValue("50") float failureRatePercent, @DefaultValue("60s") Duration openFor) {
	}

	/**
	 * @param enabled whether the loop runs (tests drive verifies themselves)
	 * @param interval between passes
	 * @param ttl how long a passed verify counts as connected; older reads as not connected
	 */
	public record Reverify(@DefaultValue("true") boolean enabled, @DefaultValue("10m") Duration interval,
			@DefaultValue("15m") Duration ttl) {
	}

	/**
	 * @param window the recent calls judged
	 * @param threshold the share of failed calls above which the provider is degraded
	 * @param minimumCalls fewer calls than this are not judged
	 */
	public record ErrorRate(@DefaultValue("15m") Duration window, @DefaultValue("0.2") double threshold,
			@DefaultValue("10") int minimumCalls) {
	}

}
