package dev.observatory.runtime;

import java.sql.Timestamp;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.observatory.bots.BotDrills;
import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * A host's heartbeat, one statement whatever the number of bots: it stamps the instances (and their
 * jobs) whose run loop completed an iteration since the previous beat, and answers which of the
 * host's instances are still RUNNING, with any drill requested on them. An instance missing from the
 * answer was ended elsewhere (a user's stop, the timeout worker).
 */
@Component
class Heartbeats {

	private static final String BEAT = """
			WITH beat AS (SELECT * FROM unnest(CAST(:ids AS uuid[]), CAST(:iterated AS timestamptz[])) AS b(id, iterated_at)),
			inst AS (UPDATE runner_instances r SET last_heartbeat_at = :now, last_iteration_at = b.iterated_at
			         FROM beat b WHERE r.id = b.id AND r.state = 'RUNNING' AND r.host_id = :host RETURNING r.id),
			jobs AS (UPDATE job_runs j SET heartbeat_at = :now FROM inst
			         WHERE j.instance_id = inst.id AND j.state = 'RUNNING' RETURNING j.id)
			SELECT id, drill FROM runner_instances WHERE host_id = :host AND state = 'RUNNING'""";

	private final JdbcClient jdbc;

	Heartbeats(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * @param host this host's id
	 * @param ids the instances that iterated since the last beat
	 * @param iterated when each of them last completed an iteration
	 * @param now the heartbeat time
	 * @return every instance of the host still RUNNING, with its drill or {@code null}
	 */
	Map<UUID, BotDrills.@Nullable Drill> beat(String host, List<UUID> ids, List<Timestamp> iterated, Timestamp now) {
		Map<UUID, BotDrills.@Nullable Drill> alive = new HashMap<>();
		this.jdbc.sql(BEAT)
			.param("ids", ids.stream().map(UUID::toString).toArray(String[]::new))
			.param("iterated", iterated.stream().map((t) -> t.toInstant().toString()).toArray(String[]::new))
			.param("now", now)
			.param("host", host)
			.query((rs, i) -> {
				String drill = rs.getString("drill");
				alive.put(rs.getObject("id", UUID.class), (drill != null) ? BotDrills.Drill.valueOf(drill) : null);
				return null;
			})
			.list();
		return alive;
	}

}
