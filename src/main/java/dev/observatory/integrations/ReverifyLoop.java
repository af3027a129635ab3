package dev.observatory.integrations;

import java.util.List;
import java.util.Map;

import dev.observatory.common.locks.LoopTicks;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import net.javacrumbs.shedlock.spring.annotation.SchedulerLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Verifies every configured provider at start and then every
 * {@code observatory.integrations.reverify.interval} (10 min), one pass per interval across all
 * replicas (a ShedLock row held for the interval), so
 * {@code connected} always rests on a recent real check: a passed verify older than its TTL reads
 * as not connected. Each verify runs in its own observation, so its check row, audit row and usage
 * events share one trace id.
 */
@Component
class ReverifyLoop {

	static final String LOOP = "integrations-reverify";

	private static final Logger log = LoggerFactory.getLogger(ReverifyLoop.class);

	/** How long verifies are kept: the newest is what counts; the rest is history for a person to read. */
	static final java.time.Duration RETENTION = java.time.Duration.ofDays(30);

	private final IntegrationVerification verification;

	private final IntegrationConfiguration configuration;

	private final IntegrationProperties properties;

	private final ObservationRegistry observations;

	private final LoopTicks ticks;

	ReverifyLoop(IntegrationVerification verification, IntegrationConfiguration configuration,
			IntegrationProperties properties, ObservationRegistry observations, LoopTicks ticks) {
		this.verification = verification;
		this.configuration = configuration;
		this.properties = properties;
		this.observations = observations;
		this.ticks = ticks;
	}

	@Scheduled(fixedDelayString = "${observatory.integrations.reverify.interval:10m}",
			initialDelayString = "${observatory.integrations.reverify.initial-delay:5s}")
	// Held for a whole interval: one pass per interval across all replicas, not one per replica
	// (each replica's own pass would open its own broker sessions).
	@SchedulerLock(name = LOOP, lockAtLeastFor = "${observatory.integrations.reverify.interval:10m}",
			lockAtMostFor = "${observatory.integrations.reverify.interval:10m}")
	void pass() {
		if (!this.properties.reverify().enabled()) {
			return;
		}
		this.ticks.run(LOOP, this::reverify);
	}

	private Map<String, Object> reverify() {
		List<Integration> due = IntegrationCatalog.all()
			.stream()
			.filter((integration) -> !integration.comingSoon() && integration.supportsVerify())
			.filter(this.configuration::isConfigured)
			.toList();
		int connected = 0;
		for (Integration integration : due) {
			try {
				boolean passed = Observation.createNotStarted("observatory.integrations.reverify", this.observations)
					.lowCardinalityKeyValue("provider", integration.key().key())
					.observe(() -> this.verification.verify(integration.key().key()).connected());
				connected += passed ? 1 : 0;
			}
			catch (RuntimeException ex) {
				// One provider's failure (a verifier not built, the database briefly away) must not stop the others.
				log.warn("Re-verify of {} did not complete: {}", integration.key().key(), ex.getClass().getSimpleName());
			}
		}
		int pruned = this.verification.prune(RETENTION);
		log.info("Re-verified {} configured integration(s): {} connected", due.size(), connected);
		return Map.of("verified", due.size(), "connected", connected, "checks_pruned", pruned);
	}

}
