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

	private final JdbcClient jdbc;

	FleetCounts(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	public Counts read() {
		Map<String, Long> byState = new TreeMap<>();
		Map<String, Long> byMode = new TreeMap<>();
		this.jdbc.sql("""
				SELECT state, mode, count(*) AS n FROM bots GROUP BY state, mode""")
			.query((rs, i) -> {
				byState.merge(rs.getString("state"), rs.getLong("n"), Long::sum);
				byMode.merge(rs.getString("mode"), rs.getLong("n"), Long::sum);
				return null;
			})
			.list();
		List<Bot> unwell = this.jdbc.sql("""
				SELECT id, name, state, mode FROM bots WHERE state IN ('DEGRADED', 'BLOCKED', 'KILLED') ORDER BY name LIMIT 500""")
			.query((rs, i) -> new Bot(rs.getObject("id", UUID.class), rs.getString("name"), rs.getString("state"),
					rs.getString("mode")))
			.list();
		return new Counts(byState.values().stream().mapToLong(Long::longValue).sum(), byState, byMode, unwell);
	}

	/**
	 * @param total every bot
	 * @param byState bots per state
	 * @param byMode bots per mode
	 * @param unwell DEGRADED, BLOCKED and KILLED bots (the first 500 by name)
	 */
	public record Counts(long total, Map<String, Long> byState, Map<String, Long> byMode, List<Bot> unwell) {
	}

	public record Bot(UUID id, String name, String state, String mode) {
	}

}
