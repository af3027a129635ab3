package dev.observatory.audit;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.UUID;

import dev.observatory.common.time.Ids;
import dev.observatory.common.trace.Traces;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The one writer of {@code audit_events}. Call it inside the transaction of the change it records, so
 * the change and its audit row commit or roll back together. The subject and role come from
 * {@link Actors} (a background loop has none and is recorded as {@code SYSTEM}); targets and
 * actions are identifiers, never request bodies.
 */
@Service
public class AuditLog {

	/** How the audited action ended. */
	public enum Outcome {

		SUCCESS, FAILURE, DENIED

	}

	private static final String INSERT = """
			INSERT INTO audit_events (id, at, subject, role, action, target, outcome, trace_id, details)
			VALUES (:id, :at, :subject, :role, :action, :target, :outcome, :traceId, CAST(:details AS jsonb))
			""";

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final JdbcClient jdbc;

	private final Clock clock;

	private final Traces traces;

	private final Actors actors;

	AuditLog(JdbcClient jdbc, Clock clock, Traces traces, Actors actors) {
		this.jdbc = jdbc;
		this.clock = clock;
		this.traces = traces;
		this.actors = actors;
	}

	/** Records an action by the current caller; joins the caller's transaction when there is one. */
	@Transactional(propagation = Propagation.REQUIRED)
	public UUID record(String action, String target, Outcome outcome) {
		return record(action, target, outcome, Map.of());
	}

	/** Records an action by the current caller with what it was given (a reason, say). */
	@Transactional(propagation = Propagation.REQUIRED)
	public UUID record(String action, String target, Outcome outcome, Map<String, ?> details) {
		Actors.Actor actor = this.actors.current();
		return insert(actor.subject(), actor.role(), action, target, outcome, details);
	}

	/** Records an action by a named subject (a sign-in, before there is a security context). */
	@Transactional(propagation = Propagation.REQUIRED)
	public UUID record(String subject, String role, String action, String target, Outcome outcome) {
		return insert(subject, role, action, target, outcome, Map.of());
	}

	private UUID insert(String subject, String role, String action, String target, Outcome outcome,
			Map<String, ?> details) {
		UUID id = Ids.newId();
		this.jdbc.sql(INSERT)
			.param("id", id)
			.param("at", OffsetDateTime.now(this.clock).withOffsetSameInstant(ZoneOffset.UTC))
			.param("subject", subject)
			.param("role", role)
			.param("action", action)
			.param("target", target)
			.param("outcome", outcome.name())
			.param("traceId", this.traces.currentTraceId())
			.param("details", details.isEmpty() ? null : JSON.writeValueAsString(details))
			.update();
		return id;
	}

}
