package dev.observatory.test;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.boot.test.context.SpringBootTest;

/**
 * The whole application on a random port with its own embedded PostgreSQL in a fresh folder under
 * target/ (one per cached context), so no test sees another run's rows. Binaries are unpacked once.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "observatory.data-dir=target/test-data/${random.uuid}",
				"observatory.database.embedded.binaries-dir=target/pg-bin",
				// Tests drive this loop themselves; a scheduled pass in between would move their baseline.
				"observatory.telemetry.postgres-usage-interval=1h",
				// Likewise the re-verify loop: its checks and usage events would land in their counts.
				"observatory.integrations.reverify.enabled=false",
				// And the runner host: tests that run bots switch it on themselves.
				"observatory.runtime.enabled=false",
				// The autonomy loops run one pass at start-up, so the system status sees them active (it is BLOCKED
				// without them), then wait an hour: tests drive passes themselves. Crashes do not wake the
				// supervisor, so a test's crashed bot stays crashed unless the test wants a restart.
				"observatory.autonomy.timeout-worker.interval=1h", "observatory.autonomy.timeout-worker.initial-delay=0s",
				"observatory.autonomy.supervisor.interval=1h", "observatory.autonomy.supervisor.initial-delay=0s",
				"observatory.autonomy.supervisor.wake-on-failure=false",
				// The verdict's watch would record changes (and alert) at moments no test chose; tests call it.
				"observatory.status.watch-interval=1h", "observatory.status.watch-initial-delay=1h",
				// Likewise the scoring loop: a pass would set tiers the supervisor and the risk engine then enforce.
				"observatory.scoring.interval=1h", "observatory.scoring.initial-delay=1h",
				// And the invariant monitor: tests that need its checks run them.
				"observatory.autonomy.invariants.interval=1h", "observatory.autonomy.invariants.initial-delay=1h" })
public @interface ObservatoryTest {

}
