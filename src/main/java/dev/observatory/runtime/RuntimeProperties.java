package dev.observatory.runtime;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code observatory.runtime.*}: the runner host in this process.
 *
 * @param enabled whether this process runs bots (every replica by default)
 * @param capacity the most instances this host runs at once
 * @param claimInterval how often it looks for PENDING instances
 * @param heartbeatInterval how often it heartbeats for the bots that completed an iteration
 * @param tickInterval the pause between two iterations of a bot's run loop
 * @param simVolatility the SIM feed's standard deviation of one step's log return
 */
@ConfigurationProperties("observatory.runtime")
public record RuntimeProperties(@DefaultValue("true") boolean enabled, @DefaultValue("50") int capacity,
		@DefaultValue("1s") Duration claimInterval, @DefaultValue("5s") Duration heartbeatInterval,
		@DefaultValue("1s") Duration tickInterval, @DefaultValue("0.0005") double simVolatility) {
}
