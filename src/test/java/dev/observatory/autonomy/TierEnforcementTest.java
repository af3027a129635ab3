package dev.observatory.autonomy;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import dev.observatory.common.secrets.Env;
import dev.observatory.scoring.AutonomyScores;
import dev.observatory.status.SystemStatus;
import dev.observatory.test.Await;
import dev.observatory.test.Loops;
import dev.observatory.test.ObservatoryTest;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The autonomy tier in the supervisor's hands: a LOCKED PAPER bot that crashed is not restarted,
 * and the refusal says why; a SIM bot in the same condition is restarted under its breaker alone.
 */
@ObservatoryTest
@Import(TierEnforcementTest.DatabentoConfigured.class)
class TierEnforcementTest {

	@Autowired
	JdbcClient jdbc;

	@Autowired
	Supervisor supervisor;

	@Autowired
	AutonomyScores scores;

	@Autowired
	SystemStatus status;

	@Test
	void aLockedPaperBotThatCrashedIsNotRestartedAndASimBotIs() {
		Loops.awaitStartupPasses(this.jdbc);
		// The verdict computed before the loops' first passes (BLOCKED) may still be cached: the gate asks it.
		Await.until(Duration.ofSeconds(10), "the system no longer BLOCKED",
				() -> !"BLOCKED".equals(this.status.compute().systemStatus()));
		UUID paper = crashedReduceOnlyBot("tier-paper", "PAPER");
		UUID sim = crashedReduceOnlyBot("tier-sim", "SIM");
		this.scores.passAll();
		assertThat(tier(paper)).isEqualTo("LOCKED");
		assertThat(tier(sim)).isEqualTo("LOCKED");

		this.supervisor.tick();

		assertThat(this.jdbc.sql("SELECT cause FROM autonomy_events WHERE bot_id = ? AND kind = 'RESTART_REFUSED'")
			.param(paper).query(String.class).single()).isEqualTo("TIER_LOCKED");
		assertThat(this.jdbc.sql("SELECT count(*) FROM runner_instances WHERE bot_id = ? AND state = 'PENDING'").param(paper)
			.query(Integer.class).single()).as("no new instance").isZero();
		assertThat(this.jdbc.sql("SELECT state FROM bots WHERE id = ?").param(paper).query(String.class).single())
			.isEqualTo("BLOCKED");
		assertThat(this.jdbc.sql("SELECT count(*) FROM autonomy_events WHERE bot_id = ? AND kind = 'RESTART'").param(sim)
			.query(Integer.class).single()).as("SIM bots: the breaker alone decides").isOne();
	}

	/** A bot meant to run whose instance crashed ten minutes ago (past any backoff), paused in reduce-only. */
	private UUID crashedReduceOnlyBot(String name, String mode) {
		UUID bot = UUID.fromString(this.jdbc.sql("""
				INSERT INTO bots (id, name, mode, instruments, data_provider, strategy_key, session_mode, desired_state, state,
				                  reduce_only, created_at, updated_at)
				VALUES (gen_random_uuid(), ?, ?, '{MES}', ?, 'ema_crossover', 'ALWAYS', 'RUNNING', 'DEGRADED', true, now(), now())
				RETURNING id::text""").params(name, mode, mode.equals("SIM") ? "sim" : "databento").query(String.class)
			.single());
		this.jdbc.sql("""
				INSERT INTO runner_instances (id, bot_id, host_id, state, created_at, started_at, ended_at, exit_reason)
				VALUES (gen_random_uuid(), ?, 'h', 'CRASHED', now() - interval '20 minutes', now() - interval '20 minutes',
				        now() - interval '10 minutes', 'EXCEPTION')""").param(bot).update();
		return bot;
	}

	private String tier(UUID bot) {
		return this.jdbc.sql("SELECT tier FROM bot_autonomy WHERE bot_id = ?").param(bot).query(String.class).single();
	}

	/**
	 * The PAPER bot reads Databento: without its key the system is BLOCKED (INTEGRATION_KEY_MISSING) and
	 * that, not the tier, would refuse the restart. Configured and never verified, it only degrades.
	 */
	@TestConfiguration(proxyBeanMethods = false)
	static class DatabentoConfigured {

		@Bean
		@Primary
		Env databentoConfiguredEnv() {
			return Env.of(Map.of("DATABENTO_API_KEY", "db-tier-test-key-000000000000000000"));
		}

	}

}
