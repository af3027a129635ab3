package dev.observatory.common.locks;

import java.time.Duration;
import java.time.Instant;

import dev.observatory.test.ObservatoryTest;
import net.javacrumbs.shedlock.core.LockConfiguration;
import net.javacrumbs.shedlock.core.LockProvider;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/** A runner-only process never takes a singleton loop's lock, even a free one. */
@ObservatoryTest
@TestPropertySource(properties = "observatory.role=runner")
class ProcessRoleTest {

	@Autowired
	LockProvider locks;

	@Autowired
	JdbcClient jdbc;

	@Test
	void aRunnerOnlyProcessNeverAcquiresALoopLock() {
		LockConfiguration loop = new LockConfiguration(Instant.now(), "any-loop", Duration.ofSeconds(30), Duration.ZERO);
		assertThat(this.locks.lock(loop)).isEmpty();
		assertThat(this.jdbc.sql("SELECT count(*) FROM shedlock WHERE name = 'any-loop'").query(Integer.class).single())
			.as("nor does it write a lock row").isZero();
	}

}
