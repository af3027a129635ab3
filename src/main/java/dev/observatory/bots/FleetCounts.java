package dev.observatory.bots;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/** The fleet at a glance, for the system status: bots by state and mode, and the ones not well. */
@Service
public class FleetCounts {

	/** How many unwell bots a read lists by name; the counts cover every bot. */
	public static final int UNWELL_LISTED = 100;

	private final JdbcClient jdbc;

	FleetCounts(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	public Counts read() {
		Map<String, Long> byState = new TreeMap<>();
		Map<String, Long> byMode = new TreeMap<>();
		maintained("bot").forEach((key, n) -> {
			String[] stateAndMode = key.split("/", 2);
			byState.merge(stateAndMode[0], n, Long::sum);
			byMode.merge(stateAndMode[1], n, Long::sum);
		});
		List<Bot> unwell = this.jdbc.sql("""
				SELECT id, name, state, mode FROM bots WHERE state IN ('DEGRADED', 'BLOCKED', 'KILLED') ORDER BY name LIMIT ?""")
			.param(UNWELL_LISTED)
			.query((rs, i) -> new Bot(rs.getObject("id", UUID.class), rs.getString("name"), rs.getString("state"),
					rs.getString("mode")))
			.list();
		return new Counts(byState.values().stream().mapToLong(Long::longValue).sum(), byState, byMode, unwell);
	}

	/**
	 * Bots per tier of their last score (the counts V24 keeps).
	 */
	public Map<String, Long> byTier() {
		return maintained("tier");
	}

	/** The maintained counts of a kind (V24): the folded figures plus the deltas not folded in yet. */
	private Map<String, Long> maintained(String kind) {
		Map<String, Long> counts = new TreeMap<>();
		this.jdbc.sql("""
				SELECT key, sum(n) AS n FROM (
				    SELECT key, n FROM fleet_counts WHERE kind = :kind
				    UNION ALL
				    SELECT key, delta FROM fleet_count_deltas WHERE kind = :kind) x
				GROUP BY key HAVING sum(n) <> 0""")
			.param("kind", kind)
			.query((rs) -> {
				counts.put(rs.getString("key"), rs.getLong("n"));
			});
		return counts;
	}

	/**
	 * A number that moves whenever any bot's state or mode, or any bot's tier, changes — on any replica,
	 * committed or not — and never otherwise: the sequence of the counts' deltas. One tiny read.
	 */
	public long changeMarker() {
		return this.jdbc.sql("SELECT last_value FROM fleet_count_deltas_id_seq").query(Long.class).single();
	}

	/**
	 * Folds the counts' pending deltas in (the status watch does, every pass), so that a read sums a
	 * handful of rows. Safe on any number of replicas at once.
	 *
	 * @return the deltas folded
	 */
	public long compact() {
		return this.jdbc.sql("SELECT fleet_counts_compact()").query(Long.class).single();
	}

	/**
	 * @param total every bot
	 * @param byState bots per state
	 * @param byMode bots per mode
	 * @param unwell DEGRADED, BLOCKED and KILLED bots (the first {@link #UNWELL_LISTED} by name)
	 */
	public record Counts(long total, Map<String, Long> byState, Map<String, Long> byMode, List<Bot> unwell) {
	}

	public record Bot(UUID id, String name, String state, String mode) {
	}

}
