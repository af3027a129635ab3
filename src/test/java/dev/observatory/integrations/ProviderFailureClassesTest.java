package dev.observatory.integrations;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import dev.observatory.integrations.ironbeam.IronbeamClient;
import dev.observatory.integrations.stubs.ProviderStubTest;
import dev.observatory.integrations.stubs.ProviderStubs;
import dev.observatory.integrations.stubs.Verifications;
import dev.observatory.integrations.tradovate.TradovateClient;
import dev.observatory.telemetry.ProviderKey;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every HTTP provider's Verify against its stub, for success and each failure class the issue
 * names: the diagnostic code, {@code connected}, the check row and the usage events' status.
 * Provider-specific shapes (Tradovate's errorText, OpenAI's insufficient_quota, ...) have their
 * own tests.
 */
@ProviderStubTest
class ProviderFailureClassesTest {

	static final List<ProviderKey> HTTP_PROVIDERS = List.of(ProviderKey.DATABENTO, ProviderKey.POLYGON,
			ProviderKey.TRADOVATE, ProviderKey.IRONBEAM, ProviderKey.OPENAI, ProviderKey.ANTHROPIC, ProviderKey.DISCORD,
			ProviderKey.SUPABASE);

	@LocalServerPort
	int port;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	TradovateClient tradovate;

	@Autowired
	IronbeamClient ironbeam;

	Verifications verifications;

	@BeforeEach
	void setUp() {
		ProviderStubs.reset();
		// Each case starts without a cached broker token, so its first call is the login.
		this.tradovate.signOut();
		this.ironbeam.signOut();
		this.verifications = new Verifications(this.port, this.jdbc);
	}

	@ParameterizedTest(name = "{0}: success → connected, OK usage events named {0}.verify")
	@MethodSource("httpProviders")
	void success(ProviderKey provider) {
		Verifications.Result result = this.verifications.verify(provider.key());
		assertThat(result.codes()).as(result.message()).containsExactly("OK");
		assertThat(result.connected()).isTrue();
		assertThat(result.json().get("configured").asBoolean()).isTrue();
		assertThat(result.json().get("latency_ms").asInt()).isNotNegative();
		assertThat(this.verifications.usageStatuses(result)).containsOnly("OK");
		assertThat(this.verifications.usageEndpoints(result)).containsExactly(provider.key() + ".verify");
	}

	@ParameterizedTest(name = "{0}: {1} → {2}, usage {3}")
	@MethodSource("failureClasses")
	void failureClass(ProviderKey provider, String failure, String code, String usageStatus, int calls) throws Exception {
		Verifications.Result result;
		if (failure.equals("connection refused")) {
			ProviderStubs.PROXY.cut();
			try {
				result = this.verifications.verify(provider.key());
			}
			finally {
				ProviderStubs.PROXY.restore();
			}
		}
		else {
			ProviderStubs.WIREMOCK.stubFor(ProviderStubs.firstVerifyCall(provider).willReturn(response(failure)));
			result = this.verifications.verify(provider.key());
		}
		assertThat(result.connected()).isFalse();
		assertThat(result.codes()).as(result.message()).containsExactly(code);
		assertThat(result.message()).contains("127.0.0.1").doesNotContain("/api/webhooks");
		assertThat(this.verifications.usageStatuses(result, calls)).hasSize(calls).containsOnly(usageStatus);
	}

	static Stream<ProviderKey> httpProviders() {
		return HTTP_PROVIDERS.stream();
	}

	static Stream<Arguments> failureClasses() {
		List<Arguments> cases = new ArrayList<>();
		for (ProviderKey provider : HTTP_PROVIDERS) {
			// Tradovate's token request opens a session each time, so it is never retried.
			int retried = (provider == ProviderKey.TRADOVATE || provider == ProviderKey.IRONBEAM) ? 1 : 3;
			cases.add(Arguments.of(provider, "HTTP 401", "AUTH_FAILED", "AUTH_FAILED", 1));
			cases.add(Arguments.of(provider, "HTTP 403", "ENTITLEMENT_MISSING", "AUTH_FAILED", 1));
			cases.add(Arguments.of(provider, "HTTP 429 asking for 120 s", "RATE_LIMITED", "RATE_LIMITED", 1));
			cases.add(Arguments.of(provider, "HTTP 503", "PROVIDER_UNREACHABLE", "SERVER_ERROR", retried));
			cases.add(Arguments.of(provider, "slower than the read timeout", "TIMEOUT", "TIMEOUT", retried));
			cases.add(Arguments.of(provider, "connection refused", "PROVIDER_UNREACHABLE", "NETWORK_ERROR", retried));
			cases.add(Arguments.of(provider, "malformed body", "UNEXPECTED_RESPONSE", "SERVER_ERROR", 1));
		}
		return cases.stream();
	}

	private static ResponseDefinitionBuilder response(String failure) {
		return switch (failure) {
			case "HTTP 401" -> aResponse().withStatus(401).withHeader("Content-Type", "application/json")
				.withBody("{\"error\":\"unauthorized\"}");
			case "HTTP 403" -> aResponse().withStatus(403).withHeader("Content-Type", "application/json")
				.withBody("{\"error\":\"forbidden\"}");
			case "HTTP 429 asking for 120 s" -> aResponse().withStatus(429).withHeader("Retry-After", "120")
				.withHeader("Content-Type", "application/json").withBody("{\"error\":\"slow down\"}");
			case "HTTP 503" -> aResponse().withStatus(503).withHeader("Content-Type", "application/json")
				.withBody("{\"error\":\"unavailable\"}");
			case "slower than the read timeout" -> aResponse().withStatus(200).withFixedDelay(1500).withBody("{}");
			case "malformed body" -> aResponse().withStatus(200).withHeader("Content-Type", "application/json")
				.withBody("<html>gateway page</html>");
			default -> throw new IllegalArgumentException(failure);
		};
	}

}
