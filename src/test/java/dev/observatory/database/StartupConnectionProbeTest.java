package dev.observatory.database;

import java.time.Duration;
import java.util.Map;

import dev.observatory.common.secrets.Env;
import dev.observatory.common.secrets.EnvVar;
import dev.observatory.test.ObservatoryProcess;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StartupConnectionProbeTest {

	@Test
	void closedPortIsRetriedUntilTheDeadlineThenNamedWithItsSqlState() throws Exception {
		int port = ObservatoryProcess.freePort();
		ConnectionTarget target = DatabaseUrl.parse(Env.of(Map.of("DATABASE_URL",
				"postgresql://u:probe-secret-42@127.0.0.1:" + port + "/desk")).secret(EnvVar.DATABASE_URL).orElseThrow());
		long started = System.nanoTime();
		assertThatThrownBy(() -> StartupConnectionProbe.await(target, Duration.ofSeconds(2), Duration.ofSeconds(1)))
			.isInstanceOf(DatabaseStartupException.class)
			.hasMessage("Database 127.0.0.1:" + port + "/desk is unreachable after 2s: SQLSTATE 08001"
					+ " (cannot connect: network, DNS, TLS or server down)")
			.hasMessageNotContaining("probe-secret-42");
		// A closed port fails in milliseconds, so taking over a second means it retried with backoff;
		// the retry stops once the next backoff would pass the deadline.
		assertThat(Duration.ofNanos(System.nanoTime() - started)).isBetween(Duration.ofSeconds(1), Duration.ofSeconds(10));
	}

	@Test
	void classifiesSqlStates() {
		assertThat(StartupConnectionProbe.isTransient("08001")).isTrue();
		assertThat(StartupConnectionProbe.isTransient("08006")).isTrue();
		assertThat(StartupConnectionProbe.isTransient("53300")).isTrue();
		assertThat(StartupConnectionProbe.isTransient("57P03")).isTrue();
		assertThat(StartupConnectionProbe.isTransient("28P01")).isFalse();
		assertThat(StartupConnectionProbe.isTransient("3D000")).isFalse();
	}

}
