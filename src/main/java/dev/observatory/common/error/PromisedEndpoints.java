package dev.observatory.common.error;

import java.util.List;

import org.springframework.http.HttpMethod;
import org.springframework.http.server.PathContainer;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

/**
 * The endpoints the API reference promises (DESIGN.md §10, {@code docs/api.md}). A promised
 * endpoint that has no handler yet answers {@code 501 NOT_IMPLEMENTED}, never a silent 404 or 405:
 * the exception handler asks {@link #isPromised} before it calls a route unknown.
 */
public final class PromisedEndpoints {

	/** One line per endpoint: method and path pattern. Keep in step with docs/api.md. */
	public static final List<String> ALL = List.of(
			// integrations
			"GET /api/integrations/catalog",
			"GET /api/integrations/status",
			"POST /api/integrations/verify",
			"GET /api/integrations/usage",
			"POST /api/integrations/usage/acknowledge-loss",
			"GET /api/integrations/{provider}/usage/summary",
			"GET /api/integrations/{provider}/variables/top",
			// system
			"GET /api/system/status",
			"GET /api/system/status/history",
			"GET /api/system/debug-bundle",
			"GET /api/scheduler/status",
			"POST /api/alerts/test",
			"POST /api/drills/fail-part",
			// fleet
			"GET /api/accounts",
			"POST /api/accounts",
			"GET /api/bots",
			"POST /api/bots",
			"GET /api/bots/{id}",
			"PATCH /api/bots/{id}",
			"DELETE /api/bots/{id}",
			"POST /api/bots/{id}/start",
			"POST /api/bots/{id}/stop",
			"POST /api/bots/{id}/kill",
			"POST /api/bots/{id}/unkill",
			"POST /api/bots/{id}/reduce-only",
			"POST /api/bots/{id}/resume",
			"POST /api/bots/{id}/breaker/reset",
			"POST /api/bots/{id}/safe-start-check",
			"POST /api/bots/{id}/simulate-crash",
			"POST /api/bots/{id}/simulate-hang",
			"GET /api/bots/{id}/instances",
			"GET /api/bots/{id}/jobs",
			"GET /api/bots/{id}/events",
			// explanations
			"GET /api/bots/{id}/decision-traces",
			"POST /api/bots/{id}/decision-traces",
			"GET /api/bots/{id}/no-trade-traces",
			"POST /api/bots/{id}/no-trade-traces",
			// score
			"GET /api/bots/{id}/autonomy",
			"GET /api/bots/{id}/autonomy/history",
			// variables
			"GET /api/variables",
			"GET /api/bots/{id}/variables");

	private static final List<Endpoint> ENDPOINTS = ALL.stream().map(Endpoint::parse).toList();

	private PromisedEndpoints() {
	}

	public static boolean isPromised(String method, String path) {
		PathContainer container = PathContainer.parsePath(path);
		return ENDPOINTS.stream()
			.anyMatch((endpoint) -> endpoint.method().matches(method) && endpoint.pattern().matches(container));
	}

	private record Endpoint(HttpMethod method, PathPattern pattern) {

		static Endpoint parse(String line) {
			String[] parts = line.split(" ", 2);
			return new Endpoint(HttpMethod.valueOf(parts[0]), PathPatternParser.defaultInstance.parse(parts[1]));
		}

	}

}
