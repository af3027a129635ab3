package dev.observatory.integrations;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

import dev.observatory.test.Await;
import dev.observatory.test.Http;
import dev.observatory.test.ObservatoryTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code POST /api/integrations/verify} on the embedded default, where no provider key is set and
 * PostgreSQL is the embedded server.
 */
@ObservatoryTest
class VerifyApiTest {

	private static final String JSON = "application/json";

	@LocalServerPort
	int port;

	@Autowired
	JdbcClient jdbc;

	Http http;

	@BeforeEach
	void setUp() {
		this.http = new Http("http://127.0.0.1:" + this.port);
	}

	@Test
	void unconfiguredProviderNamesEachMissingVariableAndCallsNothing() {
		long usageBefore = usageEvents("tradovate");
		Http.Response response = verify("tradovate");
		assertThat(response.status()).isEqualTo(200);
		JsonNode result = response.json();
		assertThat(result.get("configured").asBoolean()).isFalse();
		assertThat(result.get("connected").asBoolean()).isFalse();
		assertThat(result.get("latency_ms").isNull()).as("no check was made").isTrue();
		assertThat(result.get("diagnostics").findValuesAsString("code")).containsOnly("INTEGRATION_KEY_MISSING").hasSize(6);
		assertThat(result.get("diagnostics").findValuesAsString("message")).contains("TRADOVATE_PASSWORD missing");
		assertThat(checkRow(result.get("trace_id").asString())).isEqualTo("tradovate false false");
		assertThat(usageEvents("tradovate")).as("no network call, so no usage event").isEqualTo(usageBefore);
	}

	@Test
	void withNoKeysEveryProviderButPostgresIsUnconfiguredAndItsVerifyCallsNothing() {
		long usageBefore = this.jdbc.sql("SELECT count(*) FROM integration_usage_events WHERE provider <> 'postgres'")
			.query(Long.class)
			.single();
		for (Integration integration : IntegrationCatalog.all()) {
			String key = integration.key().key();
			if (key.equals("postgres") || integration.comingSoon()) {
				continue;
			}
			JsonNode result = verify(key).json();
			assertThat(result.get("configured").asBoolean()).as(key).isFalse();
			assertThat(result.get("connected").asBoolean()).as(key).isFalse();
			assertThat(result.get("diagnostics").findValuesAsString("code")).as(key).containsOnly("INTEGRATION_KEY_MISSING");
			assertThat(result.get("diagnostics").findValuesAsString("message")).as(key)
				.contains(integration.requiredEnvVars().get(0).name() + " missing");
		}
		JsonNode status = this.http.get("/api/integrations/status").json().get("integrations");
		for (JsonNode integration : status) {
			boolean postgres = integration.get("provider").asString().equals("postgres");
			assertThat(integration.get("configured").asBoolean()).as(integration.toString()).isEqualTo(postgres);
			if (!postgres) {
				assertThat(integration.get("connected").asBoolean()).isFalse();
				assertThat(integration.get("degraded").asBoolean()).as("unconfigured is not degraded").isFalse();
				assertThat(integration.get("error_code").asString()).isIn("INTEGRATION_KEY_MISSING", "COMING_SOON");
			}
		}
		assertThat(this.jdbc.sql("SELECT count(*) FROM integration_usage_events WHERE provider <> 'postgres'")
			.query(Long.class)
			.single()).as("no network call, so no usage event").isEqualTo(usageBefore);
	}

	@Test
	void postgresIsReallyCheckedAndTheCheckIsAUsageEvent() {
		Http.Response response = verify("postgres");
		JsonNode result = response.json();
		assertThat(result.get("configured").asBoolean()).isTrue();
		assertThat(result.get("connected").asBoolean()).isTrue();
		assertThat(result.get("diagnostics").findValuesAsString("code")).containsExactly("OK");
		assertThat(result.get("latency_ms").asInt()).isNotNegative();
		String traceId = result.get("trace_id").asString();
		assertThat(traceId).isEqualTo(response.header("X-Trace-Id"));
		assertThat(checkRow(traceId)).isEqualTo("postgres true true");
		AtomicReference<String> endpoint = new AtomicReference<>();
		Await.until(Duration.ofSeconds(10), "the verify's usage event", () -> {
			// No row yet is "not yet", not an error: the pipeline writes events a moment after the call.
			endpoint.set(this.jdbc.sql("SELECT endpoint_name FROM integration_usage_events WHERE trace_id = ? LIMIT 1")
				.param(traceId)
				.query(String.class)
				.optional()
				.orElse(null));
			return endpoint.get() != null;
		});
		assertThat(endpoint.get()).isEqualTo("postgres.verify");
		assertThat(this.jdbc.sql("SELECT outcome FROM audit_events WHERE action = 'VERIFY_INTEGRATION' AND trace_id = ?")
			.param(traceId)
			.query(String.class)
			.single()).isEqualTo("SUCCESS");
	}

	@Test
	void zapierIsComingSoonAndUnknownProvidersAre404() {
		Http.Response zapier = verify("zapier");
		assertThat(zapier.status()).isEqualTo(501);
		assertThat(zapier.json().get("error_code").asString()).isEqualTo("COMING_SOON");
		Http.Response unknown = verify("nosuch");
		assertThat(unknown.status()).isEqualTo(404);
		assertThat(unknown.json().get("error_code").asString()).isEqualTo("UNKNOWN_PROVIDER");
		assertThat(this.http.post("/api/integrations/verify", "{}", "Content-Type", JSON).status()).isEqualTo(400);
	}

	private Http.Response verify(String provider) {
		return this.http.post("/api/integrations/verify", "{\"provider\": \"" + provider + "\"}", "Content-Type", JSON);
	}

	private String checkRow(String traceId) {
		return this.jdbc.sql("SELECT provider || ' ' || configured || ' ' || connected FROM integration_checks WHERE trace_id = ?")
			.param(traceId)
			.query(String.class)
			.single();
	}

	private long usageEvents(String provider) {
		return this.jdbc.sql("SELECT count(*) FROM integration_usage_events WHERE provider = ?")
			.param(provider)
			.query(Long.class)
			.single();
	}

}
