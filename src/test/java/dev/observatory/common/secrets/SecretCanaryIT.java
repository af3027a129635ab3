package dev.observatory.common.secrets;

import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import dev.observatory.common.error.PromisedEndpoints;
import dev.observatory.integrations.stubs.CanaryProviderStubs;
import dev.observatory.test.Http;
import dev.observatory.test.Jwts;
import dev.observatory.test.ObservatoryProcess;
import dev.observatory.telemetry.ProviderKey;
import dev.observatory.test.ScratchDatabase;
import dev.observatory.test.Tokens;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The canary: every secret variable is set to a unique marker, the app runs on an external
 * PostgreSQL (the machine's, in a database made for this run) with its password inside
 * DATABASE_URL, the flows run, and then each marker, raw, Base64- and percent-encoded, is searched
 * for in the whole log, every response (headers and bodies) and every text, json and bytea column
 * of every table, found through information_schema so new tables are covered without editing this.
 * Add each new flow here as it lands.
 */
class SecretCanaryIT {

	private static ScratchDatabase database;

	private static final Map<String, String> markers = new LinkedHashMap<>();

	@BeforeAll
	static void createDatabase() {
		database = ScratchDatabase.create("observatory_canary");
	}

	@AfterAll
	static void dropDatabase() {
		database.close();
	}

	@Test
	void noSecretReachesLogsResponsesOrRows() throws Exception {
		Map<String, String> env = new HashMap<>();
		for (EnvVar variable : EnvVar.values()) {
			if (variable.isSecret() && variable != EnvVar.DATABASE_URL) {
				// '+', '/' and '=' make the percent-encoded form differ from the raw one.
				String marker = "cnry-" + variable.name().toLowerCase() + "-" + UUID.randomUUID() + "+/=";
				markers.put(variable.name(), marker);
				env.put(variable.name(), marker);
			}
		}
		String dbPassword = "cnry-db-password-" + UUID.randomUUID() + "+/=";
		String databaseUrl = "postgresql://postgres:" + URLEncoder.encode(dbPassword, StandardCharsets.UTF_8)
				+ "@127.0.0.1:5432/" + database.name() + "?sslmode=disable";
		markers.put("DATABASE_URL password", dbPassword);
		markers.put("DATABASE_URL", databaseUrl);
		env.put("DATABASE_URL", databaseUrl);
		CanaryProviderStubs stubs = new CanaryProviderStubs(markers.get("OPENAI_API_KEY"));
		markers.putAll(stubs.issued);
		env.putAll(stubs.env());
		markers.put("DISCORD_WEBHOOK_URL", env.get("DISCORD_WEBHOOK_URL"));
		Tokens admin = Tokens.random("ADMIN");
		Tokens viewer = Tokens.random("VIEWER");
		markers.put("admin API token", admin.token());
		markers.put("viewer API token", viewer.token());
		env.put("OBSERVATORY_API_TOKENS", admin.entry() + "," + viewer.entry());

		Path workDir = Files.createTempDirectory(Path.of("target"), "canary-it-").toAbsolutePath();
		List<Http.Response> responses = new ArrayList<>();
		String log;
		try (ObservatoryProcess app = ObservatoryProcess.start(workDir, env, "--server.address=127.0.0.1",
				"--observatory.integrations.read-timeout=500ms")) {
			assertThat(app.awaitReady(Duration.ofSeconds(90))).as(app::output).isTrue();
			Http http = app.http();
			runFlows(http, admin, viewer, markers.get("SUPABASE_JWT_SECRET"), markers.get("OPENAI_API_KEY"));
			stubs.success();
			verifyEveryProvider(http, admin);
			stubs.eachFailure(() -> verifyEveryProvider(http, admin));
			assertThat(http.get("/api/integrations/status", "Authorization", viewer.bearer()).status()).isEqualTo(200);
			assertThat(http.get("/api/system/status", "Authorization", viewer.bearer()).status()).isEqualTo(200);
			assertThat(http.get("/api/system/debug-bundle", "Authorization", viewer.bearer()).status()).isEqualTo(403);
			Http.Response bundle = http.get("/api/system/debug-bundle", "Authorization", admin.bearer());
			assertThat(bundle.status()).isEqualTo(200);
			assertThat(bundle.body()).as("the bundle names the variables set").contains("OPENAI_API_KEY");
			responses.addAll(http.exchanges());
			log = app.output();
		}
		// Positive controls: the searches below do find what is there, so an empty result means something.
		assertThat(rowsContaining("SIGN_IN")).as("the row search finds the flows' audit rows").isNotEmpty();
		assertThat(log).contains("Database: PostgreSQL at 127.0.0.1:5432/" + database.name());
		// Every promised route is built now, so the problems searched are the real errors the flows provoke.
		assertThat(responses).anySatisfy((response) -> assertThat(response.body()).contains("\"error_code\"", "trace_id"));
		assertThat(rowsContaining("tradovate")).as("the verify flows reached the database").isNotEmpty();
		assertThat(responses).as("the stubs' happy path was really verified")
			.anySatisfy((response) -> assertThat(response.body()).contains("\"connected\":true", "Tradovate"));

		for (Map.Entry<String, String> marker : markers.entrySet()) {
			for (String form : forms(marker.getValue())) {
				assertThat(log).as("log contains %s (form %s)", marker.getKey(), form).doesNotContain(form);
				for (Http.Response response : responses) {
					assertThat(response.asText()).as("response contains %s", marker.getKey()).doesNotContain(form);
				}
				assertThat(rowsContaining(form)).as("rows containing %s", marker.getKey()).isEmpty();
			}
		}
	}

	private static void runFlows(Http http, Tokens admin, Tokens viewer, String jwtSecret, String queryMarker) {
		String json = "application/json";
		assertThat(http.get("/actuator/health").status()).isEqualTo(200);
		assertThat(http.get("/actuator/health/readiness").status()).isEqualTo(200);
		assertThat(http.get("/actuator/prometheus", "Authorization", admin.bearer()).status()).isEqualTo(200);
		assertThat(http.get("/v3/api-docs", "Authorization", viewer.bearer()).status()).isEqualTo(200);
		assertThat(http.get("/api/nope?apiKey=" + queryMarker, "Authorization", viewer.bearer()).status()).isEqualTo(404);
		for (String endpoint : PromisedEndpoints.ALL) {
			String[] parts = endpoint.split(" ");
			String path = parts[1].replaceAll("\\{[^}]+}", "canary");
			Http.Response response = http.send(parts[0], path, HttpRequest.BodyPublishers.ofString("{}"), "Authorization",
					admin.bearer(), "Content-Type", json);
			int status = response.status();
			if (status == 404) {
				// A route may say what is missing (drills off, an unknown bot), never that the route is.
				assertThat(response.json().get("error_code").asString()).as(endpoint).isNotEqualTo("ROUTE_NOT_FOUND");
			}
			assertThat(status).as(endpoint)
				.isNotEqualTo(405)
				.satisfiesAnyOf((code) -> assertThat(code).isLessThan(500), (code) -> assertThat(code).isEqualTo(501));
		}
		assertThat(http.post("/api/bots", "{}", "Content-Type", json).status()).isEqualTo(401);
		assertThat(http.post("/api/bots", "{}", "Content-Type", json, "Authorization", viewer.bearer()).status())
			.isEqualTo(403);
		assertThat(http.post("/api/bots", "{}", "Content-Type", json, "Authorization", "Bearer not-a-token").status())
			.isEqualTo(401);
		assertThat(http.post("/api/bots", "{not json", "Content-Type", json, "Authorization", admin.bearer()).status())
			.isEqualTo(400);
		assertThat(http.post("/api/bots", "{\"name\": \"" + queryMarker + "\"}", "Content-Type", json, "Authorization",
				admin.bearer()).status()).as("a bot with a secret-looking name and nothing else").isEqualTo(400);
		assertThat(http.post("/api/bots", "x".repeat(2_000_000), "Content-Type", json, "Authorization", admin.bearer())
			.status()).isEqualTo(413);
		String form = "application/x-www-form-urlencoded";
		assertThat(http.post("/login", "token=wrong", "Content-Type", form).status()).isEqualTo(302);
		Http.Response signIn = http.post("/login", "token=" + admin.token(), "Content-Type", form);
		assertThat(signIn.header("Location")).endsWith("/");
		String cookie = signIn.header("Set-Cookie").split(";")[0];
		assertThat(http.get("/", "Cookie", cookie).status()).isEqualTo(200);
		assertThat(http.get("/api/integrations/usage?limit=50", "Authorization", viewer.bearer()).status()).isEqualTo(200);
		assertThat(http.get("/api/integrations/postgres/usage/summary?window=24h", "Authorization", viewer.bearer())
			.status()).isEqualTo(200);
		assertThat(http.post("/api/integrations/usage/acknowledge-loss", "{\"reason\": \"canary\"}", "Content-Type", json,
				"Authorization", admin.bearer()).status()).isEqualTo(409);
		for (ProviderKey provider : ProviderKey.values()) {
			// Most providers count as configured here (every secret is set to a marker): their Verify
			// answers a real check, a missing-variable list, or a 501 for a client not built yet.
			assertThat(http.post("/api/integrations/verify", "{\"provider\": \"" + provider.key() + "\"}", "Content-Type",
					json, "Authorization", admin.bearer()).status()).as("verify " + provider).isIn(200, 501);
		}
		String jwt = Jwts.hs256(jwtSecret, "user-1", Map.of("observatory_role", "ADMIN"));
		// An ADMIN route: the Supabase JWT is accepted (not 401/403); with drills off it answers 404.
		assertThat(http.post("/api/drills/fail-part", "", "Authorization", "Bearer " + jwt).status()).isEqualTo(404);
	}

	/** Verify of every provider but Zapier: each answers 200 (a verdict), whatever the stubs do. */
	private static void verifyEveryProvider(Http http, Tokens admin) {
		for (ProviderKey provider : CanaryProviderStubs.verified()) {
			assertThat(http.post("/api/integrations/verify", "{\"provider\": \"" + provider.key() + "\"}", "Content-Type",
					"application/json", "Authorization", admin.bearer()).status()).as("verify " + provider).isEqualTo(200);
		}
	}

	private static Set<String> forms(String secret) {
		byte[] bytes = secret.getBytes(StandardCharsets.UTF_8);
		Set<String> forms = new LinkedHashSet<>();
		forms.add(secret);
		forms.add(Base64.getEncoder().encodeToString(bytes));
		forms.add(Base64.getEncoder().withoutPadding().encodeToString(bytes));
		forms.add(Base64.getUrlEncoder().withoutPadding().encodeToString(bytes));
		forms.add(URLEncoder.encode(secret, StandardCharsets.UTF_8));
		return forms;
	}

	private static List<String> rowsContaining(String form) throws SQLException {
		List<String> hits = new ArrayList<>();
		try (Connection connection = database.connect()) {
			List<String[]> columns = new ArrayList<>();
			try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery("""
					SELECT table_schema, table_name, column_name, data_type FROM information_schema.columns
					WHERE table_schema NOT IN ('pg_catalog', 'information_schema')
					  AND data_type IN ('text', 'character varying', 'character', 'json', 'jsonb', 'bytea', 'ARRAY')
					""")) {
				while (rows.next()) {
					columns.add(new String[] { rows.getString(1), rows.getString(2), rows.getString(3), rows.getString(4) });
				}
			}
			assertThat(columns).as("columns to search").isNotEmpty();
			for (String[] column : columns) {
				String target = "\"" + column[0] + "\".\"" + column[1] + "\"";
				String predicate = "bytea".equals(column[3]) ? "position(convert_to(?, 'UTF8') in \"" + column[2] + "\") > 0"
						: "strpos(\"" + column[2] + "\"::text, ?) > 0";
				try (PreparedStatement query = connection
					.prepareStatement("SELECT count(*) FROM " + target + " WHERE " + predicate)) {
					query.setString(1, form);
					try (ResultSet rows = query.executeQuery()) {
						rows.next();
						if (rows.getLong(1) > 0) {
							hits.add(target + "." + column[2]);
						}
					}
				}
			}
		}
		return hits;
	}

}
