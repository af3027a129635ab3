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

	private static final String BOT = "bot";

	private static final String TIER = "tier";

	FleetCounts(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	public Counts read() {
		Map<String, Long> byState = new TreeMap<>();
		Map<String, Long> byMode = new TreeMap<>();
		Map<String, Long> byTier = new TreeMap<>();
		maintained(List.of(BOT, TIER)).forEach((kindAndKey, n) -> {
			if (kindAndKey.kind().equals(TIER)) {
				byTier.put(kindAndKey.key(), n);
				return;
			}
			String[] stateAndMode = kindAndKey.key().split("/", 2);
			byState.merge(stateAndMode[0], n, Long::sum);
			byMode.merge(stateAndMode[1], n, Long::sum);
		});
		List<Bot> unwell = this.jdbc.sql("""
				SELECT id, name, state, mode FROM bots WHERE state IN ('DEGRADED', 'BLOCKED', 'KILLED') ORDER BY name LIMIT ?""")
			.param(UNWELL_LISTED)
			.query((rs, i) -> new Bot(rs.getObject("id", UUID.class), rs.getString("name"), rs.getString("state"),
					rs.getString("mode")))
			.list();
		return new Counts(byState.values().stream().mapToLong(Long::longValue).sum(), byState, byMode, byTier, unwell);
	}

	/**
	 * Bots per tier of their last score (the counts V24 keeps).
	 */
	public Map<String, Long> byTier() {
		Map<String, Long> byTier = new TreeMap<>();
		maintained(List.of(TIER)).forEach((kindAndKey, n) -> byTier.put(kindAndKey.key(), n));
		return byTier;
	}

	/** The maintained counts of some kinds (V24), in one read: the folded figures plus the deltas not folded in yet. */
	private Map<KindAndKey, Long> maintained(List<String> kinds) {
		Map<KindAndKey, Long> counts = new java.util.LinkedHashMap<>();
		this.jdbc.sql("""
				SELECT kind, key, sum(n) AS n FROM (
				    SELECT kind, key, n FROM fleet_counts WHERE kind = ANY(:kinds)
				    UNION ALL
				    SELECT kind, key, delta FROM fleet_count_deltas WHERE kind = ANY(:kinds)) x
				GROUP BY kind, key HAVING sum(n) <> 0""")
			.param("kinds", kinds.toArray(String[]::new))
			.query((rs) -> {
				counts.put(new KindAndKey(rs.getString("kind"), rs.getString("key")), rs.getLong("n"));
			});
		return counts;
	}

	private record KindAndKey(String kind, String key) {
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
	 * @param byTier bots per tier of their last score
	 * @param unwell DEGRADED, BLOCKED and KILLED bots (the first {@link #UNWELL_LISTED} by name)
	 */
	public record Counts(long total, Map<String, Long> byState, Map<String, Long> byMode, Map<String, Long> byTier,
			List<Bot> unwell) {
	}

	public record Bot(UUID id, String name, String state, String mode) {
	}

}
