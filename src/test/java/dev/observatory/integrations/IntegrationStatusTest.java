package dev.observatory.integrations;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import com.github.tomakehurst.wiremock.client.WireMock;
import dev.observatory.integrations.ironbeam.IronbeamClient;
import dev.observatory.integrations.polygon.PolygonClient;
import dev.observatory.integrations.stubs.ProviderStubTest;
import dev.observatory.integrations.stubs.ProviderStubs;
import dev.observatory.integrations.stubs.Verifications;
import dev.observatory.integrations.tradovate.TradovateClient;
import dev.observatory.telemetry.ProviderKey;
import dev.observatory.test.Await;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code GET /api/integrations/status} with every provider configured against the stubs. */
@ProviderStubTest
class IntegrationStatusTest {

	@LocalServerPort
	int port;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	TradovateClient tradovate;

	@Autowired
	IronbeamClient ironbeam;

	@Autowired
	PolygonClient polygon;

	Verifications verifications;

	@BeforeEach
	void setUp() {
		ProviderStubs.reset();
		this.tradovate.signOut();
		this.ironbeam.signOut();
		this.verifications = new Verifications(this.port, this.jdbc);
	}

	@Autowired
	IntegrationVerification verification;

	@Test
	void verifiesPastTheRetentionArePrunedButAProvidersNewestStays() {
		// Zapier is never verified (coming soon): these rows are this test's alone.
		this.jdbc.sql("""
				INSERT INTO integration_checks (id, provider, checked_at, configured, connected, diagnostics, trace_id)
				SELECT gen_random_uuid(), 'zapier', now() - g * interval '1 day', true, true, '[]'::jsonb, 'prune-test'
				FROM generate_series(31, 40) g""").update();
		try {
			int pruned = this.verification.prune(java.time.Duration.ofDays(30));

			assertThat(pruned).as("nine of the ten, and nobody else's verify: none is that old").isEqualTo(9);
			assertThat(this.jdbc.sql("SELECT count(*) FROM integration_checks WHERE provider = 'zapier'")
				.query(Long.class).single()).as("the newest stays, however old").isEqualTo(1);
			assertThat(this.jdbc.sql("""
					SELECT count(*) FROM integration_checks WHERE provider = 'zapier' AND checked_at > now() - interval '32 days'""")
				.query(Long.class).single()).isEqualTo(1);
		}
		finally {
			this.jdbc.sql("DELETE FROM integration_checks WHERE provider = 'zapier'").update();
		}
	}

	@Test
	void aPassedVerifyReadsConnectedButOnlyRealUseCountsAsProofOfUse() {
		Verifications.Result verify = this.verifications.verify("polygon");
		this.verifications.usageStatuses(verify, 2);
		JsonNode polygon = status("polygon");
		assertThat(polygon.get("provider_name").asString()).isEqualTo("Polygon.io (Massive)");
		assertThat(polygon.get("category").asString()).isEqualTo("MARKET_DATA");
		assertThat(polygon.get("configured").asBoolean()).isTrue();
		assertThat(polygon.get("connected").asBoolean()).isTrue();
		assertThat(polygon.get("degraded").asBoolean()).isFalse();
		assertThat(polygon.get("error_code").isNull()).isTrue();
		assertThat(polygon.get("required").asBoolean()).as("listed in OBSERVATORY_REQUIRED_INTEGRATIONS").isTrue();
		assertThat(polygon.get("last_verified_at").isNull()).isFalse();
		assertThat(polygon.get("trace_id").asString()).isEqualTo(verify.traceId());
		assertThat(polygon.get("required_env_vars").get(0).asString()).isEqualTo("POLYGON_API_KEY");
		assertThat(polygon.get("proof_of_use_count_24h").asLong()).as("a check is not use").isZero();
		assertThat(polygon.get("last_used_at").isNull()).isTrue();

		PolygonClient.LastTrade trade = this.polygon.lastTrade("AAPL");
		assertThat(trade.price()).isEqualByComparingTo("189.52");
		Await.until(Duration.ofSeconds(10), "polygon's proof of use",
				() -> status("polygon").get("proof_of_use_count_24h").asLong() == 1);
		JsonNode used = status("polygon");
		assertThat(used.get("last_used_at").isNull()).isFalse();
		assertThat(used.get("last_used_by_bot_id").isNull()).as("no bot made this call").isTrue();
		assertThat(used.toString()).doesNotContain(ProviderStubs.POLYGON_KEY);
	}

	@Test
	void aFailedVerifyIsDegradedWithItsCodeAndFix() {
		ProviderStubs.WIREMOCK.stubFor(ProviderStubs.firstVerifyCall(ProviderKey.DISCORD)
			.willReturn(WireMock.aResponse().withStatus(401).withHeader("Content-Type", "application/json")
				.withBody("{\"message\":\"Invalid Webhook Token\",\"code\":50027}")));
		this.verifications.verify("discord");
		JsonNode discord = status("discord");
		assertThat(discord.get("connected").asBoolean()).isFalse();
		assertThat(discord.get("degraded").asBoolean()).isTrue();
		assertThat(discord.get("error_code").asString()).isEqualTo("AUTH_FAILED");
		assertThat(discord.get("message").asString()).contains("50027");
		assertThat(discord.get("suggested_fix").asString()).contains("valid key");
		assertThat(discord.toString()).doesNotContain("stub-webhook-token");
	}

	@Test
	void aPassedVerifyOlderThanItsTtlIsNotConnected() {
		// The context (and its database) is shared with the other stub tests: make this row the newest check.
		this.jdbc.sql("DELETE FROM integration_checks WHERE provider = 'anthropic'").update();
		this.jdbc.sql("""
				INSERT INTO integration_checks (id, provider, checked_at, configured, connected, diagnostics, latency_ms, trace_id)
				VALUES (?, 'anthropic', ?, true, true, '[{"code":"OK","message":"earlier"}]', 5, 'old-trace')""")
			.params(UUID.randomUUID(), Timestamp.from(Instant.now().minus(Duration.ofMinutes(16))))
			.update();
		JsonNode anthropic = status("anthropic");
		assertThat(anthropic.get("connected").asBoolean()).isFalse();
		assertThat(anthropic.get("degraded").asBoolean()).isTrue();
		assertThat(anthropic.get("error_code").asString()).isEqualTo("VERIFY_STALE");
	}

	@Test
	void aProviderWhoseRecentCallsMostlyFailedIsDegradedEvenAfterAPassedVerify() {
		ProviderStubs.WIREMOCK.stubFor(ProviderStubs.firstVerifyCall(ProviderKey.OPENAI)
			.willReturn(WireMock.aResponse().withStatus(503)));
		for (int i = 0; i < 4; i++) {
			this.verifications.usageStatuses(this.verifications.verify("openai"), 3);
		}
		ProviderStubs.reset();
		Verifications.Result passed = this.verifications.verify("openai");
		assertThat(passed.connected()).isTrue();
		Await.until(Duration.ofSeconds(10), "the roll-ups of the failed calls",
				() -> "ERROR_RATE_HIGH".equals(status("openai").get("error_code").asString()));
		JsonNode openai = status("openai");
		assertThat(openai.get("connected").asBoolean()).isTrue();
		assertThat(openai.get("degraded").asBoolean()).isTrue();
		assertThat(openai.get("message").asString()).contains("calls failed in the last 15 min");
	}

	@Test
	void neverVerifiedIsDegradedAndZapierIsComingSoon() {
		// Other stub tests share this database and may have verified Supabase: start from no check at all.
		this.jdbc.sql("DELETE FROM integration_checks WHERE provider = 'supabase'").update();
		JsonNode supabase = status("supabase");
		assertThat(supabase.get("last_verified_at").isNull()).isTrue();
		assertThat(supabase.get("degraded").asBoolean()).isTrue();
		assertThat(supabase.get("error_code").asString()).isEqualTo("NOT_VERIFIED");
		JsonNode zapier = status("zapier");
		assertThat(zapier.get("coming_soon").asBoolean()).isTrue();
		assertThat(zapier.get("configured").asBoolean()).isFalse();
		assertThat(zapier.get("supports_proof_of_use").asBoolean()).isFalse();
		assertThat(zapier.get("error_code").asString()).isEqualTo("COMING_SOON");
		assertThat(status("postgres").get("required").asBoolean()).isTrue();
	}

	@Test
	void whatEnabledBotsUseIsRequired() {
		UUID account = UUID.randomUUID();
		UUID paper = UUID.randomUUID();
		UUID live = UUID.randomUUID();
		this.jdbc.sql("INSERT INTO accounts (id, broker, external_id, name, mode, created_at) VALUES (?, 'ironbeam', ?, 'req', 'LIVE', now())")
			.params(account, "req-" + account)
			.update();
		this.jdbc.sql("""
				INSERT INTO bots (id, name, mode, instruments, data_provider, account_id, strategy_key, ai_provider,
				                  desired_state, created_at, updated_at)
				VALUES (?, ?, 'PAPER', '{SPY}', 'databento', NULL, 'ema_crossover', 'anthropic', 'RUNNING', now(), now()),
				       (?, ?, 'LIVE', '{MES}', 'databento', ?, 'ema_crossover', NULL, 'STOPPED', now(), now())""")
			.params(paper, "req-paper-" + paper, live, "req-live-" + live, account)
			.update();
		try {
			assertThat(status("databento").get("required").asBoolean()).as("an enabled PAPER bot's data").isTrue();
			assertThat(status("anthropic").get("required").asBoolean()).as("an enabled bot's AI reviewer").isTrue();
			assertThat(status("ironbeam").get("required").asBoolean()).as("the broker of a LIVE bot that is not enabled")
				.isFalse();
			this.jdbc.sql("UPDATE bots SET desired_state = 'RUNNING' WHERE id = ?").param(live).update();
			assertThat(status("ironbeam").get("required").asBoolean()).as("the broker of an enabled LIVE bot").isTrue();
		}
		finally {
			this.jdbc.sql("DELETE FROM bots WHERE id IN (?, ?)").params(paper, live).update();
			this.jdbc.sql("DELETE FROM accounts WHERE id = ?").param(account).update();
		}
	}

	private JsonNode status(String provider) {
		JsonNode body = this.verifications.http().get("/api/integrations/status").json();
		assertThat(body.get("trace_id").asString()).isNotBlank();
		assertThat(body.get("integrations")).hasSize(11);
		for (JsonNode integration : body.get("integrations")) {
			if (integration.get("provider").asString().equals(provider)) {
				return integration;
			}
		}
		throw new AssertionError(provider + " is not in the status");
	}

}
