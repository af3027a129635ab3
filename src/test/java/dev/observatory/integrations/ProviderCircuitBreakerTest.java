package dev.observatory.integrations;

import com.github.tomakehurst.wiremock.client.WireMock;
import dev.observatory.integrations.stubs.ProviderStubTest;
import dev.observatory.integrations.stubs.ProviderStubs;
import dev.observatory.integrations.stubs.Verifications;
import dev.observatory.telemetry.ProviderKey;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;

import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

/** A provider that keeps failing trips its breaker: calls then fail fast, without reaching it. */
@ProviderStubTest
@TestPropertySource(properties = { "observatory.integrations.breaker.minimum-calls=3",
		"observatory.integrations.breaker.window=3", "observatory.integrations.breaker.open-for=1h" })
class ProviderCircuitBreakerTest {

	@LocalServerPort
	int port;

	@Autowired
	JdbcClient jdbc;

	@Test
	void aDeadProviderFailsFastOnceItsBreakerOpens() {
		ProviderStubs.reset();
		ProviderStubs.WIREMOCK.stubFor(ProviderStubs.firstVerifyCall(ProviderKey.POLYGON)
			.willReturn(WireMock.aResponse().withStatus(503)));
		Verifications verifications = new Verifications(this.port, this.jdbc);
		Verifications.Result first = verifications.verify("polygon");
		assertThat(first.codes()).containsExactly("PROVIDER_UNREACHABLE");
		ProviderStubs.WIREMOCK.verify(3, getRequestedFor(urlPathEqualTo("/polygon/v1/marketstatus/now")));

		Verifications.Result second = verifications.verify("polygon");
		assertThat(second.codes()).containsExactly("PROVIDER_UNREACHABLE");
		assertThat(second.message()).contains("circuit breaker");
		ProviderStubs.WIREMOCK.verify(3, getRequestedFor(urlPathEqualTo("/polygon/v1/marketstatus/now")));

		JsonNode status = null;
		for (JsonNode integration : verifications.http().get("/api/integrations/status").json().get("integrations")) {
			if (integration.get("provider").asString().equals("polygon")) {
				status = integration;
			}
		}
		assertThat(status).isNotNull();
		assertThat(status.get("degraded").asBoolean()).isTrue();
		assertThat(status.get("message").asString()).contains("circuit breaker");
	}

}
