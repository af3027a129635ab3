package dev.observatory.status;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.observatory.autonomy.SchedulerStatus;
import dev.observatory.common.secrets.Env;
import dev.observatory.common.secrets.EnvVar;
import dev.observatory.common.trace.Traces;
import dev.observatory.integrations.IntegrationStatus;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.SpringBootVersion;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/system/debug-bundle} (OPERATOR): what support needs in one JSON document — the
 * verdict, the integrations, the loops, recent autonomy events and verdict changes, versions, and
 * the names of the variables that are set (never a value). Each part that cannot be read says so
 * instead of failing the whole bundle.
 */
@RestController
class DebugBundle {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final SystemStatus status;

	private final IntegrationStatus integrations;

	private final SchedulerStatus scheduler;

	private final StatusHistory history;

	private final JdbcClient jdbc;

	private final Env env;

	private final Traces traces;

	DebugBundle(SystemStatus status, IntegrationStatus integrations, SchedulerStatus scheduler, StatusHistory history,
			JdbcClient jdbc, Env env, Traces traces) {
		this.status = status;
		this.integrations = integrations;
		this.scheduler = scheduler;
		this.history = history;
		this.jdbc = jdbc;
		this.env = env;
		this.traces = traces;
	}

	@GetMapping("/api/system/debug-bundle")
	Map<String, Object> bundle() {
		Map<String, Object> bundle = new LinkedHashMap<>();
		bundle.put("trace_id", this.traces.currentTraceId());
		bundle.put("system_status", part(this.status::compute));
		bundle.put("integrations", part(this.integrations::all));
		bundle.put("scheduler", part(this.scheduler::report));
		bundle.put("status_changes", part(() -> this.history.page(20, null)));
		bundle.put("autonomy_events", part(() -> this.jdbc.sql("""
				SELECT bot_id, kind, cause, details::text AS details, trace_id, at FROM autonomy_events
				ORDER BY at DESC, id DESC LIMIT 50""")
			.query((rs, i) -> {
				Map<String, Object> event = new LinkedHashMap<>();
				event.put("bot_id", rs.getObject("bot_id"));
				event.put("kind", rs.getString("kind"));
				event.put("cause", rs.getString("cause"));
				event.put("details", JSON.readTree(rs.getString("details")));
				event.put("trace_id", rs.getString("trace_id"));
				event.put("at", rs.getTimestamp("at").toInstant());
				return event;
			})
			.list()));
		bundle.put("versions", Map.of("observatory", String.valueOf(DebugBundle.class.getPackage().getImplementationVersion()),
				"java", Runtime.version().toString(), "spring_boot", String.valueOf(SpringBootVersion.getVersion())));
		bundle.put("variables_set", List.of(EnvVar.values()).stream().filter(this.env::isSet).map(EnvVar::name).toList());
		return bundle;
	}

	private static Object part(java.util.function.Supplier<?> read) {
		try {
			return read.get();
		}
		catch (RuntimeException ex) {
			JsonNode unavailable = JSON.createObjectNode().put("unavailable", ex.getClass().getSimpleName());
			return unavailable;
		}
	}

}
