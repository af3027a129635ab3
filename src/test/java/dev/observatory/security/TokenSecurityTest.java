package dev.observatory.security;

import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import dev.observatory.common.secrets.Env;
import dev.observatory.test.Http;
import dev.observatory.test.Jwts;
import dev.observatory.test.ObservatoryTest;
import dev.observatory.test.Tokens;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.core.simple.JdbcClient;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Authentication configured: automation tokens by role, Supabase HS256 JWTs, and an OIDC issuer's
 * JWTs validated against its JWK set (served by a local stub). Mutations without credentials are
 * 401, beyond the caller's role 403 (audited), and browsers sign in with a token to get a session.
 */
@ObservatoryTest
class TokenSecurityTest {

	static final Tokens VIEWER = Tokens.random("VIEWER");

	static final Tokens OPERATOR = Tokens.random("OPERATOR");

	static final Tokens ADMIN = Tokens.random("ADMIN");

	static final String SUPABASE_SECRET = "supabase-jwt-secret-" + UUID.randomUUID();

	static final RSAKey ISSUER_KEY = generateKey();

	static final WireMockServer ISSUER = startIssuer();

	@LocalServerPort
	int port;

	@Autowired
	JdbcClient jdbc;

	Http http;

	@BeforeEach
	void setUp() {
		this.http = new Http("http://127.0.0.1:" + this.port);
	}

	@AfterAll
	static void stopIssuer() {
		ISSUER.stop();
	}

	@Test
	void mutationWithoutCredentialsIsA401Problem() {
		Http.Response response = this.http.post("/api/bots/b1/start", "");
		assertThat(response.status()).isEqualTo(401);
		assertThat(response.header("WWW-Authenticate")).startsWith("Bearer");
		assertThat(response.json().get("error_code").asString()).isEqualTo("UNAUTHORIZED");
		assertThat(response.json().get("trace_id").asString()).isEqualTo(response.header("X-Trace-Id"));
	}

	@Test
	void unknownTokenIsA401() {
		Http.Response response = this.http.get("/api/nope", "Authorization", "Bearer not-configured");
		assertThat(response.status()).isEqualTo(401);
		assertThat(response.json().get("detail").asString()).contains("invalid");
	}

	@Test
	void viewerCanReadButNotMutateAndTheRefusalIsAudited() {
		assertThat(this.http.get("/api/nope", "Authorization", VIEWER.bearer()).status()).isEqualTo(404);
		Http.Response refused = this.http.post("/api/bots/b1/start", "", "Authorization", VIEWER.bearer());
		assertThat(refused.status()).isEqualTo(403);
		assertThat(refused.json().get("error_code").asString()).isEqualTo("FORBIDDEN");
		String traceId = refused.header("X-Trace-Id");
		assertThat(this.jdbc.sql("SELECT outcome || ' ' || role || ' ' || action FROM audit_events WHERE trace_id = ?")
			.param(traceId)
			.query(String.class)
			.single()).isEqualTo("DENIED VIEWER POST /api/bots/b1/start");
	}

	@Test
	void rolesIncludeTheWeakerOnes() {
		// start and kill are built: past the role check, "b1" is refused as an id (400), not as a caller (401/403).
		assertThat(this.http.post("/api/bots/b1/start", "", "Authorization", OPERATOR.bearer()).status()).isEqualTo(400);
		assertThat(this.http.post("/api/bots/b1/kill", "", "Authorization", OPERATOR.bearer()).status()).isEqualTo(403);
		assertThat(this.http.post("/api/bots/b1/kill", "", "Authorization", ADMIN.bearer()).status()).isEqualTo(400);
		assertThat(this.http.post("/api/bots/b1/start", "", "Authorization", ADMIN.bearer()).status()).isEqualTo(400);
	}

	@Test
	void supabaseJwtCarriesItsRoleInTheConfiguredClaim() {
		String admin = Jwts.hs256(SUPABASE_SECRET, "user-1", Map.of("observatory_role", "admin"));
		assertThat(this.http.post("/api/bots/b1/kill", "", "Authorization", "Bearer " + admin).status()).isEqualTo(400);
		String noRole = Jwts.hs256(SUPABASE_SECRET, "user-2", Map.of("role", "authenticated"));
		assertThat(this.http.get("/api/nope", "Authorization", "Bearer " + noRole).status())
			.as("a token without a role gets nothing").isEqualTo(403);
		String forged = Jwts.hs256("another-secret-of-sufficient-length-0123456789", "user-3",
				Map.of("observatory_role", "ADMIN"));
		assertThat(this.http.get("/api/nope", "Authorization", "Bearer " + forged).status()).isEqualTo(401);
	}

	@Test
	void oidcJwtIsValidatedAgainstTheIssuersJwkSet() {
		String operator = Jwts.rs256(ISSUER_KEY, "svc-1", Map.of("observatory_role", java.util.List.of("VIEWER", "OPERATOR")));
		assertThat(this.http.post("/api/bots/b1/start", "", "Authorization", "Bearer " + operator).status()).isEqualTo(400);
		assertThat(this.http.post("/api/bots/b1/kill", "", "Authorization", "Bearer " + operator).status()).isEqualTo(403);
		assertThat(ISSUER.getAllServeEvents()).as("the JWK set was fetched from the issuer").isNotEmpty();
	}

	@Test
	void browserSignsInWithATokenAndGetsASession() {
		Http.Response page = this.http.get("/");
		assertThat(page.status()).isEqualTo(302);
		assertThat(page.header("Location")).endsWith("/login");

		Http.Response form = this.http.get("/login");
		assertThat(form.status()).isEqualTo(200);
		String cookie = form.header("Set-Cookie").split(";")[0];
		Matcher csrf = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"").matcher(form.body());
		assertThat(csrf.find()).as("the form carries a CSRF token").isTrue();

		Http.Response withoutCsrf = this.http.post("/login", "token=" + OPERATOR.token(), "Content-Type",
				"application/x-www-form-urlencoded", "Cookie", cookie, "Origin", "http://127.0.0.1:" + this.port);
		assertThat(withoutCsrf.status()).isEqualTo(403);

		Http.Response signIn = this.http.post("/login", "token=" + OPERATOR.token() + "&_csrf=" + csrf.group(1),
				"Content-Type", "application/x-www-form-urlencoded", "Cookie", cookie, "Origin",
				"http://127.0.0.1:" + this.port);
		assertThat(signIn.status()).isEqualTo(302);
		assertThat(signIn.header("Location")).endsWith("/");
		String session = signIn.header("Set-Cookie").split(";")[0];
		assertThat(session).as("the session id is renewed on sign-in").isNotEqualTo(cookie);

		Http.Response home = this.http.get("/", "Cookie", session);
		assertThat(home.status()).isEqualTo(200);
		assertThat(home.body()).contains("token:").doesNotContain("LOCAL MODE");
		assertThat(this.jdbc.sql("SELECT count(*) FROM audit_events WHERE action = 'SIGN_IN' AND outcome = 'SUCCESS'")
			.query(Long.class)
			.single()).isPositive();
	}

	@Test
	void wrongTokenOnTheSignInPageIsRefusedAndAudited() {
		long before = failedSignIns();
		Http.Response response = this.http.post("/login", "token=wrong", "Content-Type",
				"application/x-www-form-urlencoded");
		assertThat(response.header("Location")).endsWith("/login?error");
		assertThat(failedSignIns()).isEqualTo(before + 1);
	}

	private long failedSignIns() {
		return this.jdbc.sql("SELECT count(*) FROM audit_events WHERE action = 'SIGN_IN' AND outcome = 'FAILURE'")
			.query(Long.class)
			.single();
	}

	private static RSAKey generateKey() {
		try {
			return new RSAKeyGenerator(2048).keyID("test-key").generate();
		}
		catch (com.nimbusds.jose.JOSEException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static WireMockServer startIssuer() {
		WireMockServer server = new WireMockServer(WireMockConfiguration.options().dynamicPort());
		server.start();
		server.stubFor(get(urlEqualTo("/.well-known/jwks.json")).willReturn(aResponse().withHeader("Content-Type",
				"application/json").withBody(new JWKSet(ISSUER_KEY.toPublicJWK()).toString())));
		return server;
	}

	@TestConfiguration(proxyBeanMethods = false)
	static class AuthenticationConfigured {

		@Bean
		@Primary
		Env tokenModeEnv() {
			return Env.of(Map.of("OBSERVATORY_API_TOKENS", VIEWER.entry() + "," + OPERATOR.entry() + "\n" + ADMIN.entry(),
					"SUPABASE_JWT_SECRET", SUPABASE_SECRET, "OBSERVATORY_JWT_JWK_SET_URI",
					ISSUER.baseUrl() + "/.well-known/jwks.json"));
		}

	}

}
