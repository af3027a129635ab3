package dev.observatory.trading;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code observatory.trading.*}: how bots trade inside their runs.
 *
 * @param paperSlippageTicks how far against the order a paper fill is priced, in ticks
 * @param dataStaleAfter during the session, how long without a trade before a provider counts as stale
 * (the router falls back) and, with no provider left, the data as missing
 * @param polygonPollInterval how often Polygon's last trade is polled (mind the plan: the free tier
 * allows 5 requests a minute)
 * @param databentoHeartbeat the heartbeat asked of Databento's live gateway; a read waits twice that
 */
@ConfigurationProperties("observatory.trading")
public record TradingProperties(@DefaultValue("1") int paperSlippageTicks,
		@DefaultValue("30s") Duration dataStaleAfter, @DefaultValue("15s") Duration polygonPollInterval,
		@DefaultValue("30s") Duration databentoHeartbeat) {
}
