package dev.observatory.integrations;

import java.time.Duration;

import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import dev.observatory.integrations.ironbeam.IronbeamClient;
import dev.observatory.integrations.stubs.ProviderStubTest;
import dev.observatory.integrations.stubs.ProviderStubs;
import dev.observatory.integrations.stubs.Verifications;
import dev.observatory.integrations.tradovate.TradovateClient;
import dev.observatory.telemetry.ProviderKey;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static dev.observatory.integrations.stubs.ProviderStubs.WIREMOCK;
import static org.assertj.core.api.Assertions.assertThat;

/** The response shapes PROVIDERS.md documents for one provider only, each with the diagnostic it yields. */
@ProviderStubTest
class ProviderSpecificResponsesTest {

	private static final String TOKEN_PATH = "/tradovate/v1/auth/accesstokenrequest";

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
		this.tradovate.signOut();
		this.ironbeam.signOut();
		this.verifications = new Verifications(this.port, this.jdbc);
	}

	@Test
	void tradovateErrorTextInsideHttp200IsAuthFailedAndRecordedAsSuch() {
		WIREMOCK.stubFor(ProviderStubs.firstVerifyCall(ProviderKey.TRADOVATE)
			.willReturn(okJson("{\"errorText\":\"Incorrect username or password. Please try again.\"}")));
		Verifications.Result result = this.verifications.verify("tradovate");
		assertThat(result.codes()).containsExactly("AUTH_FAILED");
		assertThat(result.message()).contains("errorText").doesNotContain("Incorrect username");
		assertThat(this.verifications.usageStatuses(result)).containsExactly("AUTH_FAILED");
	}

	@Test
	void tradovatePenaltyTicketIsWaitedOutAndTheSameRequestResentWithTheTicket() {
		WIREMOCK.stubFor(post(urlPathEqualTo(TOKEN_PATH)).atPriority(1)
			.inScenario("penalty").whenScenarioStateIs(Scenario.STARTED)
			.willReturn(okJson("{\"p-ticket\":\"stub-penalty-ticket\",\"p-time\":1,\"p-captcha\":false}"))
			.willSetStateTo("ticket issued"));
		WIREMOCK.stubFor(post(urlPathEqualTo(TOKEN_PATH)).atPriority(1)
			.inScenario("penalty").whenScenarioStateIs("ticket issued")
			.withRequestBody(WireMock.matchingJsonPath("$.p-ticket", equalTo("stub-penalty-ticket")))
			.withRequestBody(WireMock.matchingJsonPath("$.sec", equalTo(ProviderStubs.TRADOVATE_SECRET)))
			.willReturn(okJson(ProviderStubs.tradovateToken(ProviderStubs.TRADOVATE_TOKEN, Duration.ofMinutes(80)))));
		long started = System.nanoTime();
		Verifications.Result result = this.verifications.verify("tradovate");
		assertThat(result.codes()).as(result.message()).containsExactly("OK");
		assertThat(Duration.ofNanos(System.nanoTime() - started)).as("p-time was waited out").isGreaterThan(Duration.ofMillis(900));
		WIREMOCK.verify(2, postRequestedFor(urlPathEqualTo(TOKEN_PATH)));
		assertThat(this.verifications.usageStatuses(result, 3)).containsExactly("RATE_LIMITED", "OK", "OK");
	}

	@Test
	void tradovateCaptchaStopsWithoutResending() {
		WIREMOCK.stubFor(ProviderStubs.firstVerifyCall(ProviderKey.TRADOVATE)
			.willReturn(okJson("{\"p-ticket\":\"stub-penalty-ticket\",\"p-time\":3600,\"p-captcha\":true}")));
		Verifications.Result result = this.verifications.verify("tradovate");
		assertThat(result.codes()).containsExactly("RATE_LIMITED");
		assertThat(result.message()).contains("CAPTCHA");
		WIREMOCK.verify(1, postRequestedFor(urlPathEqualTo(TOKEN_PATH)));
	}

	@Test
	void tradovate423And429LockOutsAreRateLimitedAndNeverRetried() {
		WIREMOCK.stubFor(ProviderStubs.firstVerifyCall(ProviderKey.TRADOVATE).willReturn(aResponse().withStatus(423)));
		Verifications.Result warned = this.verifications.verify("tradovate");
		assertThat(warned.codes()).containsExactly("RATE_LIMITED");
		assertThat(warned.message()).contains("423");
		WIREMOCK.stubFor(ProviderStubs.firstVerifyCall(ProviderKey.TRADOVATE)
			.willReturn(aResponse().withStatus(429).withHeader("Content-Length", "0")));
		Verifications.Result locked = this.verifications.verify("tradovate");
		assertThat(locked.codes()).containsExactly("RATE_LIMITED");
		assertThat(locked.message()).contains("429", "hour");
		WIREMOCK.verify(2, postRequestedFor(urlPathEqualTo(TOKEN_PATH)));
	}

	@Test
	void tradovateReusesItsTokenThenRenewsItNearExpiryWithoutANewSession() {
		WIREMOCK.stubFor(ProviderStubs.firstVerifyCall(ProviderKey.TRADOVATE)
			.willReturn(okJson(ProviderStubs.tradovateToken("stub-tradovate-short", Duration.ofMinutes(10)))));
		WIREMOCK.stubFor(get(urlPathEqualTo("/tradovate/v1/auth/renewaccesstoken"))
			.withHeader("Authorization", equalTo("Bearer stub-tradovate-short"))
			.willReturn(okJson(ProviderStubs.tradovateToken("stub-tradovate-renewed", Duration.ofMinutes(90)))));
		assertThat(this.verifications.verify("tradovate").codes()).containsExactly("OK");
		// 10 minutes left is inside the 15-minute renewal window: renewed, not re-requested.
		Verifications.Result renewed = this.verifications.verify("tradovate");
		assertThat(renewed.codes()).as(renewed.message()).containsExactly("OK");
		// 90 minutes left: reused as it is.
		Verifications.Result reused = this.verifications.verify("tradovate");
		assertThat(reused.codes()).as(reused.message()).containsExactly("OK");
		WIREMOCK.verify(1, postRequestedFor(urlPathEqualTo(TOKEN_PATH)));
		WIREMOCK.verify(1, getRequestedFor(urlPathEqualTo("/tradovate/v1/auth/renewaccesstoken")));
		WIREMOCK.verify(2, getRequestedFor(urlPathEqualTo("/tradovate/v1/account/list"))
			.withHeader("Authorization", equalTo("Bearer stub-tradovate-renewed")));
		WIREMOCK.verify(3, getRequestedFor(urlPathEqualTo("/tradovate/v1/account/list")));
	}

	@Test
	void tradovateDroppedSessionLogsInOnceMoreInsteadOfBlamingTheKey() {
		assertThat(this.verifications.verify("tradovate").codes()).containsExactly("OK");
		WIREMOCK.stubFor(get(urlPathEqualTo("/tradovate/v1/account/list")).atPriority(1)
			.inScenario("dropped").whenScenarioStateIs(Scenario.STARTED)
			.willReturn(aResponse().withStatus(401))
			.willSetStateTo("logged in again"));
		Verifications.Result result = this.verifications.verify("tradovate");
		assertThat(result.codes()).as(result.message()).containsExactly("OK");
		WIREMOCK.verify(2, postRequestedFor(urlPathEqualTo(TOKEN_PATH)));
	}

	@Test
	void tradovateAccountWithANonNumericIdIsUnexpected() {
		WIREMOCK.stubFor(get(urlPathEqualTo("/tradovate/v1/account/list")).atPriority(1)
			.willReturn(okJson("[{\"id\":\"not-a-number\",\"name\":\"DEMO\"}]")));
		assertThat(this.verifications.verify("tradovate").codes()).containsExactly("UNEXPECTED_RESPONSE");
	}

	@Test
	void tradovateWithoutAnAccountLacksTheEntitlement() {
		WIREMOCK.stubFor(get(urlPathEqualTo("/tradovate/v1/account/list")).atPriority(1).willReturn(okJson("[]")));
		assertThat(this.verifications.verify("tradovate").codes()).containsExactly("ENTITLEMENT_MISSING");
	}

	@Test
	void openAiInsufficientQuotaIsFinalUnlikeARateLimit() {
		WIREMOCK.stubFor(ProviderStubs.firstVerifyCall(ProviderKey.OPENAI).willReturn(aResponse().withStatus(429)
			.withHeader("Content-Type", "application/json")
			.withBody("""
					{"error":{"message":"You exceeded your current quota, please check your plan and billing details.",
					 "type":"insufficient_quota","param":null,"code":"insufficient_quota"}}""")));
		Verifications.Result result = this.verifications.verify("openai");
		assertThat(result.codes()).containsExactly("ENTITLEMENT_MISSING");
		assertThat(result.message()).contains("insufficient_quota");
		WIREMOCK.verify(1, getRequestedFor(urlPathEqualTo("/openai/v1/models")));
	}

	@Test
	void openAiRateLimitIsRetriedAfterItsRetryAfter() {
		WIREMOCK.stubFor(ProviderStubs.firstVerifyCall(ProviderKey.OPENAI)
			.inScenario("limit").whenScenarioStateIs(Scenario.STARTED)
			.willReturn(aResponse().withStatus(429).withHeader("retry-after-ms", "50")
				.withHeader("x-ratelimit-remaining-requests", "0").withHeader("x-ratelimit-reset-requests", "50ms")
				.withHeader("Content-Type", "application/json")
				.withBody("{\"error\":{\"message\":\"Rate limit reached\",\"type\":\"requests\",\"code\":\"rate_limit_exceeded\"}}"))
			.willSetStateTo("cooled"));
		Verifications.Result result = this.verifications.verify("openai");
		assertThat(result.codes()).as(result.message()).containsExactly("OK");
		assertThat(this.verifications.usageStatuses(result, 2)).containsExactly("RATE_LIMITED", "OK");
	}

	@Test
	void anthropicOverloaded529IsTransient() {
		WIREMOCK.stubFor(ProviderStubs.firstVerifyCall(ProviderKey.ANTHROPIC).willReturn(aResponse().withStatus(529)
			.withHeader("Content-Type", "application/json").withHeader("request-id", "req_stub")
			.withBody("{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"},\"request_id\":\"req_stub\"}")));
		Verifications.Result result = this.verifications.verify("anthropic");
		assertThat(result.codes()).containsExactly("PROVIDER_UNREACHABLE");
		assertThat(result.message()).contains("overloaded");
		assertThat(this.verifications.usageStatuses(result, 3)).hasSize(3).containsOnly("SERVER_ERROR");
	}

	@Test
	void polygonMissingKeyAs400IsAuthFailedAndNotAuthorizedIsEntitlementMissing() {
		WIREMOCK.stubFor(ProviderStubs.firstVerifyCall(ProviderKey.POLYGON).willReturn(aResponse().withStatus(400)
			.withHeader("Content-Type", "application/json")
			.withBody("{\"status\":\"ERROR\",\"request_id\":\"r1\",\"error\":\"API Key was not provided\"}")));
		assertThat(this.verifications.verify("polygon").codes()).containsExactly("AUTH_FAILED");
		ProviderStubs.reset();
		WIREMOCK.stubFor(get(urlPathEqualTo("/polygon/v2/last/trade/AAPL")).atPriority(1).willReturn(aResponse()
			.withStatus(403).withHeader("Content-Type", "application/json")
			.withBody("{\"status\":\"NOT_AUTHORIZED\",\"request_id\":\"r2\",\"message\":\"You are not entitled to this data. Please upgrade your plan at https://massive.com/pricing\"}")));
		Verifications.Result entitlement = this.verifications.verify("polygon");
		assertThat(entitlement.codes()).containsExactly("ENTITLEMENT_MISSING");
		assertThat(entitlement.message()).contains("NOT_AUTHORIZED").doesNotContain("upgrade");
	}

	@Test
	void ironbeamStatusErrorInsideHttp200IsAuthFailed() {
		WIREMOCK.stubFor(ProviderStubs.firstVerifyCall(ProviderKey.IRONBEAM)
			.willReturn(okJson("{\"status\":\"ERROR\",\"message\":\"Invalid credentials\"}")));
		Verifications.Result result = this.verifications.verify("ironbeam");
		assertThat(result.codes()).containsExactly("AUTH_FAILED");
		assertThat(this.verifications.usageStatuses(result)).containsExactly("AUTH_FAILED");
	}

	@Test
	void ironbeamNested429IsRateLimited() {
		WIREMOCK.stubFor(ProviderStubs.firstVerifyCall(ProviderKey.IRONBEAM).willReturn(aResponse().withStatus(429)
			.withHeader("Content-Type", "application/json")
			.withBody("{\"result\":{\"error1\":\"Excessive calls in the last second - maximum allowed is 10\",\"status\":1,"
					+ "\"message\":\"Error\"},\"statusCode\":429}")));
		assertThat(this.verifications.verify("ironbeam").codes()).containsExactly("RATE_LIMITED");
	}

	@Test
	void ironbeamExpiredTokenLogsInOnceMore() {
		assertThat(this.verifications.verify("ironbeam").codes()).containsExactly("OK");
		WIREMOCK.stubFor(get(urlPathEqualTo("/ironbeam/v2/account/getAllAccounts")).atPriority(1)
			.inScenario("expiry").whenScenarioStateIs(Scenario.STARTED)
			.willReturn(aResponse().withStatus(401).withHeader("Content-Type", "application/json")
				.withBody("{\"error1\":\"Unauthorized\"}"))
			.willSetStateTo("expired once"));
		assertThat(this.verifications.verify("ironbeam").codes()).containsExactly("OK");
		WIREMOCK.verify(2, postRequestedFor(urlPathEqualTo("/ironbeam/v2/auth")));
	}

	@Test
	void databento206WithXWarningIsConnectedAndCountsTheWarning() {
		WIREMOCK.stubFor(get(urlPathEqualTo("/databento/v0/metadata.get_dataset_range")).atPriority(1)
			.willReturn(aResponse().withStatus(206).withHeader("Content-Type", "application/json")
				.withHeader("X-Warning", "[\"DeprecationWarning: get_dataset_range 'schema' will change\"]")
				.withBody("{\"start\":\"2010-06-06T00:00:00Z\",\"end\":\"2026-11-24T00:00:00Z\",\"schema\":{}}")));
		Verifications.Result result = this.verifications.verify("databento");
		assertThat(result.codes()).containsExactly("OK");
		assertThat(result.message()).contains("1 warning(s)", "206");
	}

	@Test
	void discordInvalidTokenAndUnknownWebhookAreFinal() {
		WIREMOCK.stubFor(ProviderStubs.firstVerifyCall(ProviderKey.DISCORD).willReturn(aResponse().withStatus(401)
			.withHeader("Content-Type", "application/json").withBody("{\"message\":\"Invalid Webhook Token\",\"code\":50027}")));
		Verifications.Result invalid = this.verifications.verify("discord");
		assertThat(invalid.codes()).containsExactly("AUTH_FAILED");
		assertThat(invalid.message()).contains("50027");
		WIREMOCK.stubFor(ProviderStubs.firstVerifyCall(ProviderKey.DISCORD).willReturn(aResponse().withStatus(404)
			.withHeader("Content-Type", "application/json").withBody("{\"message\":\"Unknown Webhook\",\"code\":10015}")));
		Verifications.Result unknown = this.verifications.verify("discord");
		assertThat(unknown.codes()).containsExactly("AUTH_FAILED");
		assertThat(unknown.message()).contains("10015").doesNotContain("stub-webhook-token");
		WIREMOCK.verify(2, getRequestedFor(urlPathEqualTo(ProviderStubs.DISCORD_PATH)));
	}

}
