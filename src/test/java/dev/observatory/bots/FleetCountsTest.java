package dev.observatory.bots;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;

import dev.observatory.test.ObservatoryTest;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The maintained fleet counts (V24) agree with counting the bots, through inserts, transitions,
 * concurrent updates and deletes, before and after their deltas are folded in.
 */
@ObservatoryTest
class FleetCountsTest {

	@Autowired
	FleetCounts fleet;

	@Autowired
	JdbcClient jdbc;

	@Test
	void theMaintainedCountsAreTheBotsCounted() {
		this.jdbc.sql("""
				INSERT INTO bots (id, name, mode, instruments, data_provider, strategy_key, desired_state, state,
				                  created_at, updated_at)
				SELECT gen_random_uuid(), 'counted-' || i, (ARRAY['SIM', 'PAPER'])[1 + i % 2], '{MES}',
				       (ARRAY['sim', 'databento'])[1 + i % 2], 'ema_crossover', 'STOPPED', 'STOPPED', now(), now()
				FROM generate_series(1, 300) i""").update();
		assertThat(read()).isEqualTo(truth());

		// Transitions from many transactions at once: each appends its deltas, none waits on a counter row.
		CompletableFuture<?>[] updates = new CompletableFuture<?>[6];
		for (int t = 0; t < updates.length; t++) {
			int slice = t;
			updates[t] = CompletableFuture.runAsync(() -> this.jdbc.sql("""
					UPDATE bots SET state = (ARRAY['RUNNING', 'DEGRADED', 'BLOCKED'])[1 + ? % 3]
					WHERE name LIKE 'counted-%' AND abs(hashtext(name)) % 6 = ?""")
				.params(slice, slice).update());
		}
		CompletableFuture.allOf(updates).join();
		this.jdbc.sql("UPDATE bots SET mode = 'PAPER', data_provider = 'databento' WHERE name = 'counted-1'").update();
		assertThat(read()).isEqualTo(truth());

		assertThat(this.fleet.compact()).isPositive();
		assertThat(this.jdbc.sql("SELECT count(*) FROM fleet_count_deltas").query(Long.class).single()).isZero();
		assertThat(read()).isEqualTo(truth());

		this.jdbc.sql("DELETE FROM bots WHERE name LIKE 'counted-%' AND state = 'STOPPED'").update();
		assertThat(read()).isEqualTo(truth());
		this.fleet.compact();
		assertThat(read()).isEqualTo(truth());
		assertThat(this.fleet.read().total()).isEqualTo(
				this.jdbc.sql("SELECT count(*) FROM bots").query(Long.class).single());
		// The context's database is shared: leave no bots behind for other classes' fleet-wide figures.
		this.jdbc.sql("DELETE FROM bots WHERE name LIKE 'counted-%'").update();
		assertThat(read()).isEqualTo(truth());
	}

	private Map<String, Long> read() {
		return new TreeMap<>(this.fleet.read().byState());
	}

	private Map<String, Long> truth() {
		Map<String, Long> counted = new TreeMap<>();
		this.jdbc.sql("SELECT state, count(*) AS n FROM bots GROUP BY state")
			.query((rs) -> {
				counted.put(rs.getString("state"), rs.getLong("n"));
			});
		return counted;
	}

}
