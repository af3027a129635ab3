package dev.observatory.autonomy;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code observatory.autonomy.invariants.*}: the LIVE bots' invariant monitor.
 *
 * @param enabled whether this replica runs it (a singleton across replicas)
 * @param interval how often the invariants are checked
 * @param initialDelay the first check after start-up
 * @param consecutiveChecks how many checks in a row a breach must hold before the bot's kill action
 */
@ConfigurationProperties("observatory.autonomy.invariants")
public record InvariantProperties(@DefaultValue("true") boolean enabled, @DefaultValue("5s") Duration interval,
		@DefaultValue("5s") Duration initialDelay, @DefaultValue("2") int consecutiveChecks) {
}
