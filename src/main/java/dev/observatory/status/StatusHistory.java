package dev.observatory.status;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import dev.observatory.common.locks.ReplicaId;
import dev.observatory.common.time.Ids;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * {@code system_status_changes}: a row whenever the verdict or its sets of reason codes change. The
 * comparison with the newest row runs under a transaction-scoped advisory lock, so replicas that see
 * the same change record it once; each change is published as {@link SystemStatusChanged}.
 */
@Service
class StatusHistory {

	private static final Logger log = LoggerFactory.getLogger(StatusHistory.class);

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final JdbcClient jdbc;

	private final TransactionTemplate transactions;

	private final ReplicaId replica;

	private final ApplicationEventPublisher events;

	private final Clock clock;

	/** The newest change this replica read or wrote: an unchanged verdict over it needs no transaction. */
	private volatile @Nullable Change known;

	StatusHistory(JdbcClient jdbc, TransactionTemplate transactions, ReplicaId replica, ApplicationEventPublisher events,
			Clock clock) {
		this.jdbc = jdbc;
		this.transactions = transactions;
		this.replica = replica;
		this.events = events;
		this.clock = clock;
	}

	/**
	 * The newest change's id, or null: read inside the verdict's snapshot, so that a verdict equal to
	 * the newest change this replica knows costs nothing more.
	 */
	static final String LATEST_ID = "SELECT (SELECT id FROM system_status_changes ORDER BY at DESC, id DESC LIMIT 1)";

	/**
	 * Records the verdict if it differs from the newest change, under a lock that every replica takes
	 * (one of two replicas computing the same change records it).
	 *
	 * @param latestSeen the newest change's id as the verdict's snapshot read it ({@link #LATEST_ID})
	 */
	void recordIfChanged(SystemStatus.Envelope envelope, @Nullable UUID latestSeen) {
		Change mine = this.known;
		if (mine != null && mine.id().equals(latestSeen) && same(mine, envelope)) {
			return;
		}
		try {
			SystemStatusChanged changed = this.transactions.execute((status) -> {
				this.jdbc.sql("SELECT pg_advisory_xact_lock(hashtext('system_status_changes'))").query(Object.class).list();
				Optional<Change> last = latest();
				last.ifPresent((change) -> this.known = change);
				List<String> blockers = envelope.blockerCodes();
				List<String> degraded = envelope.degradedCodes();
				if (last.isPresent() && same(last.get(), envelope)) {
					return null;
				}
				String from = last.map(Change::toStatus).orElse(null);
				UUID id = Ids.newId();
				Instant at = this.clock.instant().truncatedTo(ChronoUnit.MICROS);
				this.jdbc.sql("""
						INSERT INTO system_status_changes (id, from_status, to_status, blockers, degraded, replica, trace_id, at)
						VALUES (?, ?, ?, CAST(? AS jsonb), CAST(? AS jsonb), ?, ?, ?)""")
					.params(id, from, envelope.systemStatus(), JSON.writeValueAsString(blockers),
							JSON.writeValueAsString(degraded), this.replica.value(), envelope.traceId(), Timestamp.from(at))
					.update();
				this.known = new Change(id, from, envelope.systemStatus(), blockers, degraded, this.replica.value(),
						envelope.traceId(), at);
				return new SystemStatusChanged(from, envelope.systemStatus(), blockers, degraded, envelope.traceId());
			});
			if (changed != null) {
				log.info("System status {} -> {} (blockers {}, degraded {})", changed.from(), changed.to(), changed.blockers(),
						changed.degraded());
				this.events.publishEvent(changed);
			}
		}
		catch (RuntimeException ex) {
			log.warn("System status change not recorded: {}", ex.getClass().getSimpleName());
		}
	}

	private static boolean same(Change change, SystemStatus.Envelope envelope) {
		return change.toStatus().equals(envelope.systemStatus()) && change.blockers().equals(envelope.blockerCodes())
				&& change.degraded().equals(envelope.degradedCodes());
	}

	Optional<Change> latest() {
		return page(1, null).stream().findFirst();
	}

	/** Newest first; {@code before} is the last row of the previous page. */
	List<Change> page(int limit, @Nullable UUID before) {
		return this.jdbc.sql("""
				SELECT id, from_status, to_status, blockers::text AS blockers, degraded::text AS degraded, replica, trace_id, at
				FROM system_status_changes
				WHERE CAST(:before AS uuid) IS NULL
				   OR (at, id) < (SELECT at, id FROM system_status_changes WHERE id = CAST(:before AS uuid))
				ORDER BY at DESC, id DESC LIMIT :limit""")
			.param("before", (before != null) ? before.toString() : null)
			.param("limit", limit)
			.query((rs, i) -> new Change(rs.getObject("id", UUID.class), rs.getString("from_status"), rs.getString("to_status"),
					codes(rs.getString("blockers")), codes(rs.getString("degraded")), rs.getString("replica"),
					rs.getString("trace_id"), rs.getTimestamp("at").toInstant()))
			.list();
	}

	private static List<String> codes(String json) {
		JsonNode node = JSON.readTree(json);
		return node.valueStream().map(JsonNode::asString).toList();
	}

	record Change(UUID id, @Nullable String fromStatus, String toStatus, List<String> blockers, List<String> degraded,
			String replica, String traceId, Instant at) {
	}

}
