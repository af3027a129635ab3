package dev.observatory.common.error;

import java.io.ByteArrayInputStream;
import java.net.http.HttpRequest;

import dev.observatory.common.error.ApiErrorsTest.Fixture;
import dev.observatory.test.Http;
import dev.observatory.test.ObservatoryTest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Positive;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import static org.assertj.core.api.Assertions.assertThat;

/** Every error a client can meet is a problem with error_code and trace_id; bad input is a 4xx, never a 500. */
@ObservatoryTest
@Import({ Fixture.class, ApiErrorsTest.ValidatedService.class })
class ApiErrorsTest {

	private static final String JSON = "application/json";

	@LocalServerPort
	int port;

	Http http;

	@BeforeEach
	void setUp() {
		this.http = new Http("http://127.0.0.1:" + this.port);
	}

	@Test
	void unknownRouteIsA404ProblemWithTheResponseTraceId() {
		Http.Response response = this.http.get("/api/nope");
		assertProblem(response, 404, "ROUTE_NOT_FOUND");
		assertThat(response.json().get("trace_id").asString()).isEqualTo(response.header("X-Trace-Id"));
		assertThat(response.header("traceparent")).startsWith("00-" + response.header("X-Trace-Id") + "-");
	}

	@Test
	void everyPromisedEndpointIsRoutedNeverA404() {
		for (String endpoint : PromisedEndpoints.ALL) {
			String[] parts = endpoint.split(" ");
			String path = parts[1].replaceAll("\\{[^}]+}", "00000000-0000-0000-0000-000000000000");
			Http.Response response = this.http.send(parts[0], path, HttpRequest.BodyPublishers.ofString("{}"),
					"Content-Type", JSON);
			assertThat(response.status()).as(endpoint).isNotEqualTo(405);
			if (response.status() == 404) {
				// A built route may say its entity is missing, never that the route is.
				assertThat(response.json().get("error_code").asString()).as(endpoint).isNotEqualTo("ROUTE_NOT_FOUND");
			}
			if (response.status() == 501) {
				assertProblem(response, 501, "NOT_IMPLEMENTED");
			}
		}
	}

	@Test
	void incomingTraceparentIsHonoured() {
		String traceId = "0af7651916cd43dd8448eb211c80319c";
		Http.Response response = this.http.get("/api/nope", "traceparent", "00-" + traceId + "-b7ad6b7169203331-01");
		assertThat(response.header("X-Trace-Id")).isEqualTo(traceId);
		assertThat(response.json().get("trace_id").asString()).isEqualTo(traceId);
	}

	@Test
	void malformedJsonIsA400() {
		Http.Response response = this.http.post("/test-fixtures/orders", "{\"name\": ", "Content-Type", JSON);
		assertProblem(response, 400, "MALFORMED_REQUEST");
		assertThat(response.json().get("detail").asString()).isEqualTo("Request body is not valid JSON");
	}

	@Test
	void wrongTypeNamesTheField() {
		Http.Response response = this.http.post("/test-fixtures/orders",
				"{\"name\": \"a\", \"quantity\": \"many\", \"mode\": \"SIM\"}", "Content-Type", JSON);
		assertProblem(response, 400, "MALFORMED_REQUEST");
		assertThat(response.json().get("detail").asString()).contains("'quantity'").contains("a number");
	}

	@Test
	void unknownEnumValueListsTheAllowedOnes() {
		Http.Response response = this.http.post("/test-fixtures/orders",
				"{\"name\": \"a\", \"quantity\": 1, \"mode\": \"YOLO\"}", "Content-Type", JSON);
		assertProblem(response, 400, "MALFORMED_REQUEST");
		assertThat(response.json().get("detail").asString()).contains("'mode'").contains("[SIM, PAPER, LIVE]");
	}

	@Test
	void validationFailureListsEveryField() {
		Http.Response response = this.http.post("/test-fixtures/orders",
				"{\"name\": \" \", \"quantity\": -1, \"mode\": \"SIM\"}", "Content-Type", JSON);
		assertProblem(response, 400, "VALIDATION_FAILED");
		JsonNode errors = response.json().get("errors");
		assertThat(errors.findValuesAsString("field")).containsExactlyInAnyOrder("name", "quantity");
	}

	@Test
	void missingBodyIsA400() {
		assertProblem(this.http.post("/test-fixtures/orders", "", "Content-Type", JSON), 400, "MALFORMED_REQUEST");
	}

	@Test
	void declaredOversizedBodyIsA413() {
		Http.Response response = this.http.post("/test-fixtures/orders", "{\"name\":\"" + "x".repeat(1_100_000) + "\"}",
				"Content-Type", JSON);
		assertProblem(response, 413, "PAYLOAD_TOO_LARGE");
	}

	@Test
	void chunkedOversizedBodyIsA413() {
		byte[] body = ("{\"name\":\"" + "x".repeat(1_100_000) + "\"}").getBytes();
		Http.Response response = this.http.send("POST", "/test-fixtures/orders",
				HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body)), "Content-Type", JSON);
		assertProblem(response, 413, "PAYLOAD_TOO_LARGE");
	}

	@Test
	void unsupportedMediaTypeIsA415() {
		assertProblem(this.http.post("/test-fixtures/orders", "name=a", "Content-Type", "text/plain"), 415,
				"UNSUPPORTED_MEDIA_TYPE");
	}

	@Test
	void wrongMethodOnAnUnpromisedRouteIsA405() {
		Http.Response response = this.http.send("PUT", "/test-fixtures/orders", HttpRequest.BodyPublishers.noBody());
		assertProblem(response, 405, "METHOD_NOT_ALLOWED");
		assertThat(response.header("Allow")).contains("POST");
	}

	@Test
	void badAndMissingQueryParametersAre400s() {
		assertProblem(this.http.get("/test-fixtures/page?limit=abc"), 400, "INVALID_PARAMETER");
		assertProblem(this.http.get("/test-fixtures/page"), 400, "MISSING_PARAMETER");
	}

	@Test
	void unexpectedFailureIsA500WithoutItsMessage() {
		Http.Response response = this.http.get("/test-fixtures/boom");
		assertProblem(response, 500, "INTERNAL_ERROR");
		assertThat(response.body()).doesNotContain("boom-internal-detail").doesNotContain("RuntimeException");
	}

	@Test
	void apiExceptionKeepsItsCodeStatusAndMessage() {
		Http.Response response = this.http.get("/test-fixtures/conflict");
		assertProblem(response, 409, "CONFLICT");
		assertThat(response.json().get("detail").asString()).isEqualTo("Bot is already running");
	}

	@Test
	void lostDatabaseIsA503() {
		assertProblem(this.http.get("/test-fixtures/db-down"), 503, "DATABASE_UNAVAILABLE");
	}

	@Test
	void requestsTomcatRejectsBeforeTheAppAreProblemsToo() {
		Http.Response encodedSlash = this.http.get("/api/a%2Fb");
		assertProblem(encodedSlash, 400, "MALFORMED_REQUEST");
		assertThat(encodedSlash.json().get("trace_id").asString()).isEqualTo(encodedSlash.header("X-Trace-Id"));
		assertProblem(this.http.get("/api/nope", "X-Oversized", "a".repeat(20_000)), 400, "MALFORMED_REQUEST");
	}

	@Test
	void methodValidationOfAServiceIsA400() {
		Http.Response response = this.http.get("/test-fixtures/validated?quantity=-5");
		assertProblem(response, 400, "VALIDATION_FAILED");
		assertThat(response.json().get("errors").findValuesAsString("field")).containsExactly("quantity");
	}

	@Test
	void askingForTheErrorPageItselfIsA404() {
		assertProblem(this.http.get("/error"), 404, "ROUTE_NOT_FOUND");
	}

	private static void assertProblem(Http.Response response, int status, String errorCode) {
		assertThat(response.status()).as(response.body()).isEqualTo(status);
		assertThat(response.header("Content-Type")).startsWith("application/problem+json");
		JsonNode problem = response.json();
		assertThat(problem.get("status").asInt()).isEqualTo(status);
		assertThat(problem.get("error_code").asString()).isEqualTo(errorCode);
		assertThat(problem.get("trace_id").asString()).matches("[0-9a-f]{32}");
		assertThat(problem.get("detail").asString()).isNotBlank();
	}

	enum Mode {

		SIM, PAPER, LIVE

	}

	record Order(@NotBlank String name, @Positive int quantity, Mode mode) {
	}

	@org.springframework.validation.annotation.Validated
	static class ValidatedService {

		int reserve(@Positive int quantity) {
			return quantity;
		}

	}

	@RestController
	@RequestMapping("/test-fixtures")
	static class Fixture {

		private final ValidatedService service;

		Fixture(ValidatedService service) {
			this.service = service;
		}

		@GetMapping("/validated")
		int validated(@RequestParam int quantity) {
			return this.service.reserve(quantity);
		}

		@PostMapping("/orders")
		Order create(@Valid @RequestBody Order order) {
			return order;
		}

		@GetMapping("/page")
		int page(@RequestParam int limit) {
			return limit;
		}

		@GetMapping("/boom")
		String boom() {
			throw new IllegalStateException("boom-internal-detail");
		}

		@GetMapping("/conflict")
		String conflict() {
			throw new ApiException(CommonErrorCode.CONFLICT, "Bot is already running");
		}

		@GetMapping("/db-down")
		String databaseDown() {
			throw new CannotGetJdbcConnectionException("Failed to obtain JDBC Connection");
		}

	}

}
