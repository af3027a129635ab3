package dev.observatory.security;

import java.util.ArrayList;
import java.util.List;

import dev.observatory.audit.AuditLog;
import dev.observatory.common.error.ProblemWriter;
import dev.observatory.telemetry.OutboundClients;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.access.hierarchicalroles.RoleHierarchy;
import org.springframework.security.access.hierarchicalroles.RoleHierarchyImpl;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationProvider;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.AnyRequestMatcher;
import org.springframework.security.web.util.matcher.OrRequestMatcher;

/**
 * The filter chain: bearer tokens (automation tokens and JWTs) for the API, a session opened with a
 * token for the browser, or local mode when nothing is configured. Errors are problems; pages
 * without a session redirect to the sign-in page.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

	static final String CONTENT_SECURITY_POLICY = "default-src 'self'; img-src 'self' data:; style-src 'self';"
			+ " script-src 'self'; connect-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'self'";

	@Bean
	AuthenticationManager tokenAuthenticationManager(AuthMethods methods, SecuritySettings settings,
			OutboundClients clients) {
		List<AuthenticationProvider> providers = new ArrayList<>();
		providers.add(new ApiTokenAuthenticationProvider(methods.apiTokens()));
		JwtDecoder decoder = JwtDecoders.forMethods(methods, settings, clients);
		if (decoder != null) {
			JwtAuthenticationProvider jwt = new JwtAuthenticationProvider(decoder);
			jwt.setJwtAuthenticationConverter(new RoleClaimConverter(settings.roleClaim()));
			providers.add(jwt);
		}
		ProviderManager manager = new ProviderManager(providers);
		manager.setEraseCredentialsAfterAuthentication(true);
		return manager;
	}

	@Bean
	static RoleHierarchy roleHierarchy() {
		return RoleHierarchyImpl.withDefaultRolePrefix()
			.role(Role.ADMIN.name())
			.implies(Role.OPERATOR.name())
			.role(Role.OPERATOR.name())
			.implies(Role.VIEWER.name())
			.build();
	}

	@Bean
	HttpSessionSecurityContextRepository sessionSecurityContextRepository() {
		return new HttpSessionSecurityContextRepository();
	}

	@Bean
	SecurityFilterChain securityFilterChain(HttpSecurity http, AuthMethods methods,
			AuthenticationManager tokenAuthenticationManager, ProblemWriter problemWriter, AuditLog auditLog)
			throws Exception {
		ProblemSecurityHandlers problems = new ProblemSecurityHandlers(problemWriter, auditLog);
		var apiRequests = new OrRequestMatcher(PathPatternRequestMatcher.pathPattern("/api/**"),
				PathPatternRequestMatcher.pathPattern("/actuator/**"), PathPatternRequestMatcher.pathPattern("/v3/**"));
		http.authorizeHttpRequests(ApiAccessRules::apply)
			.csrf((csrf) -> csrf.requireCsrfProtectionMatcher(new BrowserCsrfMatcher()))
			.headers((headers) -> headers.contentSecurityPolicy((csp) -> csp.policyDirectives(CONTENT_SECURITY_POLICY))
				.referrerPolicy((referrer) -> referrer.policy(ReferrerPolicyHeaderWriter.ReferrerPolicy.NO_REFERRER)))
			.exceptionHandling((exceptions) -> exceptions.defaultAuthenticationEntryPointFor(problems, apiRequests)
				.defaultAuthenticationEntryPointFor(new LoginUrlAuthenticationEntryPoint("/login"),
						AnyRequestMatcher.INSTANCE)
				.accessDeniedHandler(problems))
			.httpBasic(AbstractHttpConfigurer::disable)
			.formLogin(AbstractHttpConfigurer::disable)
			.requestCache((cache) -> cache.disable())
			.logout((logout) -> logout.logoutUrl("/logout").logoutSuccessUrl("/login?signed-out"));
		if (methods.localMode()) {
			http.addFilterBefore(new LocalModeAuthenticationFilter(), AnonymousAuthenticationFilter.class);
		}
		else {
			http.oauth2ResourceServer((resourceServer) -> resourceServer
				.authenticationManagerResolver((request) -> tokenAuthenticationManager)
				.authenticationEntryPoint(problems)
				.accessDeniedHandler(problems));
		}
		return http.build();
	}

}
