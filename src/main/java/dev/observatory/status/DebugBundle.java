package dev.observatory.status;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.observatory.autonomy.SchedulerStatus;
import dev.observatory.common.secrets.Env;
import dev.observatory.common.secrets.EnvVar;
import dev.observatory.common.secrets.SecretMasker;
import dev.observatory.common.trace.Traces;
import dev.observatory.integrations.IntegrationStatus;
import dev.observatory.integrations.client.ProviderCallException;
import dev.observatory.integrations.supabase.SupabaseClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.SpringBootVersion;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/system/debug-bundle} (OPERATOR): what support needs in one JSON document — the
 * verdict, the integrations, the loops, recent autonomy events and verdict changes, versions, and
 * the names of the variables that are set (never a value). Each part that cannot be read says so
 * instead of failing the whole bundle. With {@code OBSERVATORY_BUNDLE_BUCKET} set, each bundle is also
 * archived to Supabase Storage.
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

	private final SupabaseClient supabase;

	DebugBundle(SystemStatus status, IntegrationStatus integrations, SchedulerStatus scheduler, StatusHistory history,
			JdbcClient jdbc, Env env, Traces traces, SupabaseClient supabase) {
		this.supabase = supabase;
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
		this.env.plain(EnvVar.OBSERVATORY_BUNDLE_BUCKET).ifPresent((bucket) -> bundle.put("archive", archive(bucket, bundle)));
		return bundle;
	}

	/**
	 * Stores the bundle in Supabase Storage ({@code OBSERVATORY_BUNDLE_BUCKET}) under
	 * {@code debug-bundles/<UTC date>/<trace id>.json}; the answer says where, or why not (the bundle
	 * itself is answered either way).
	 */
	private Map<String, Object> archive(String bucket, Map<String, Object> bundle) {
		String traceId = String.valueOf(bundle.get("trace_id"));
		String path = "debug-bundles/" + LocalDate.now(ZoneOffset.UTC) + "/" + traceId + ".json";
		try {
			String key = this.supabase.upload(bucket, path, JSON.writeValueAsBytes(bundle), MediaType.APPLICATION_JSON);
			return Map.of("stored", true, "key", key);
		}
		catch (ProviderCallException ex) {
			return Map.of("stored", false, "bucket", bucket, "error", SecretMasker.describe(ex, 240));
		}
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
