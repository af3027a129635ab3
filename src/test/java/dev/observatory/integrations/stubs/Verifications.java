package dev.observatory.integrations.stubs;

import java.time.Duration;
import java.util.List;

import dev.observatory.test.Await;
import dev.observatory.test.Http;
import tools.jackson.databind.JsonNode;

import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/** Runs Verify through the API and reads what it left behind: the check row and the usage events. */
public final class Verifications {

	private final Http http;

	private final JdbcClient jdbc;

	public Verifications(int port, JdbcClient jdbc) {
		this.http = new Http("http://127.0.0.1:" + port);
		this.jdbc = jdbc;
	}

	public Http http() {
		return this.http;
	}

	/** POST /api/integrations/verify; asserts the 200 and that its check row was written. */
	public Result verify(String provider) {
		Http.Response response = this.http.post("/api/integrations/verify", "{\"provider\": \"" + provider + "\"}",
				"Content-Type", "application/json");
		assertThat(response.status()).as(response.body()).isEqualTo(200);
		JsonNode json = response.json();
		String traceId = json.get("trace_id").asString();
		String row = this.jdbc.sql("SELECT connected || ' ' || diagnostics::text FROM integration_checks WHERE trace_id = ?")
			.param(traceId)
			.query(String.class)
			.single();
		assertThat(row).as("the check row").startsWith(String.valueOf(json.get("connected").asBoolean()));
		return new Result(json, traceId);
	}

	/** The statuses of the usage events the verify left, once at least one has been written. */
	public List<String> usageStatuses(Result result) {
		return usageStatuses(result, 1);
	}

	/**
	 * The statuses of the usage events the verify left, once {@code calls} have been written (every
	 * event is queued before the verify answers, but the writer may take them in two batches).
	 */
	public List<String> usageStatuses(Result result, int calls) {
		Await.until(Duration.ofSeconds(10), calls + " usage events of the verify", () -> this.jdbc
			.sql("SELECT count(*) FROM integration_usage_events WHERE trace_id = ?")
			.param(result.traceId())
			.query(Long.class)
			.single() >= calls);
		return this.jdbc.sql("SELECT status FROM integration_usage_events WHERE trace_id = ? ORDER BY created_at")
			.param(result.traceId())
			.query(String.class)
			.list();
	}

	/** The endpoint names of the verify's usage events. */
	public List<String> usageEndpoints(Result result) {
		usageStatuses(result);
		return this.jdbc.sql("SELECT DISTINCT endpoint_name FROM integration_usage_events WHERE trace_id = ?")
			.param(result.traceId())
			.query(String.class)
			.list();
	}

	public record Result(JsonNode json, String traceId) {

		public boolean connected() {
			return this.json.get("connected").asBoolean();
		}

		public List<String> codes() {
			return this.json.get("diagnostics").findValuesAsString("code");
		}

		public String message() {
			return String.join(" | ", this.json.get("diagnostics").findValuesAsString("message"));
		}

	}

}
