package dev.observatory.security;

import jakarta.servlet.DispatcherType;

import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.configurers.AuthorizeHttpRequestsConfigurer;

/**
 * Which role each route needs, in one table (docs/api.md repeats it). Reads need VIEWER; operating
 * actions need OPERATOR; configuration, kills and drills need ADMIN. Routes that exist only as
 * promises (501) are covered too, so a handler that lands later is protected from its first day.
 */
final class ApiAccessRules {

	static final String[] PUBLIC = { "/actuator/health", "/actuator/health/**", "/error", "/login", "/css/**",
			"/js/**", "/webjars/**", "/favicon.ico" };

	/**
	 * POSTs that need ADMIN: kills, drills, crash simulation, loss acknowledgement. Bots and
	 * accounts are OPERATOR routes; making or changing anything LIVE needs ADMIN, checked by the
	 * bots module itself since the route cannot tell.
	 */
	static final String[] ADMIN_POSTS = { "/api/bots/*/kill", "/api/bots/*/unkill",
			"/api/bots/*/simulate-crash", "/api/bots/*/simulate-hang", "/api/drills/**",
			"/api/integrations/usage/acknowledge-loss" };

	private ApiAccessRules() {
	}

	static void apply(
			AuthorizeHttpRequestsConfigurer<?>.AuthorizationManagerRequestMatcherRegistry rules) {
		// An async dispatch (a Server-Sent Events stream ending) continues a request already authorised.
		rules.dispatcherTypeMatchers(DispatcherType.ASYNC)
			.permitAll()
			.requestMatchers(PUBLIC)
			.permitAll()
			.requestMatchers(HttpMethod.POST, ADMIN_POSTS)
			.hasRole(Role.ADMIN.name())
			// The debug bundle gathers everything an operator would send to support: more than a viewer reads.
			.requestMatchers(HttpMethod.GET, "/api/system/debug-bundle")
			.hasRole(Role.OPERATOR.name())
			.requestMatchers(HttpMethod.PATCH, "/api/bots/*")
			.hasRole(Role.OPERATOR.name())
			.requestMatchers(HttpMethod.DELETE, "/api/bots/*")
			.hasRole(Role.OPERATOR.name())
			.requestMatchers(HttpMethod.PUT, "/api/**")
			.hasRole(Role.ADMIN.name())
			.requestMatchers(HttpMethod.PATCH, "/api/**")
			.hasRole(Role.ADMIN.name())
			.requestMatchers(HttpMethod.DELETE, "/api/**")
			.hasRole(Role.ADMIN.name())
			.requestMatchers(HttpMethod.POST, "/api/**")
			.hasRole(Role.OPERATOR.name())
			// The pages' own actions (e.g. the home page's one-click SIM bot) change the fleet like the API does.
			.requestMatchers(HttpMethod.POST, "/actions/**")
			.hasRole(Role.OPERATOR.name())
			.anyRequest()
			.hasRole(Role.VIEWER.name());
	}

}
