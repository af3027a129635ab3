package dev.observatory.trading.risk;

import java.math.BigDecimal;
import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code observatory.risk.*}: the risk engine's checker.
 *
 * @param beatInterval how often the checker re-reads the limits' version (and the limits, if it moved)
 * @param maxBeatAge how old the checker's last beat may be for the engine to count as connected
 * @param limitedAutonomyLiveScale the factor on the position and order limits of a LIVE bot whose
 * autonomy tier is LIMITED_AUTONOMY
 */
@ConfigurationProperties("observatory.risk")
public record RiskProperties(@DefaultValue("500ms") Duration beatInterval, @DefaultValue("2s") Duration maxBeatAge,
		@DefaultValue("0.5") BigDecimal limitedAutonomyLiveScale) {
}
