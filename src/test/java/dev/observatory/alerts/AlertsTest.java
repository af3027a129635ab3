package dev.observatory.alerts;

import java.time.Duration;
import java.util.List;

import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.observatory.integrations.stubs.ProviderStubTest;
import dev.observatory.integrations.stubs.ProviderStubs;
import dev.observatory.status.StatusWatch;
import dev.observatory.status.SystemStatus;
import dev.observatory.test.Await;
import dev.observatory.test.Http;
import dev.observatory.test.Loops;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;

import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Alerts against the Discord stub and the GreenMail SMTP server: a verdict change sends one Discord
 * message and one e-mail carrying its trace id and no secret; a webhook Discord no longer knows is
 * a final failure that makes the verdict DEGRADED ALERTS_FAILING until a delivery succeeds again.
 */
@ProviderStubTest
@TestPropertySource(properties = { "observatory.alerts.enabled=true", "observatory.status.cache-ttl=0s" })
class AlertsTest {

	@LocalServerPort
	int port;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	SystemStatus status;

	@Autowired
	AlertDrain drain;

	@Autowired
	StatusWatch watch;

	Http http;

	@BeforeEach
	void setUp() {
		ProviderStubs.reset();
		this.http = new Http("http://127.0.0.1:" + this.port);
		Loops.awaitStartupPasses(this.jdbc);
		// Each test starts from a verdict without degraded bots, its alert (if it changed) delivered, and no
		// deliveries on record: the same condition alerts once per reminder interval, whichever test raised it.
		this.jdbc.sql("DELETE FROM bots").update();
		this.status.compute();
		Await.until(Duration.ofSeconds(30), "earlier alerts sent", this.drain::idle);
		this.jdbc.sql("DELETE FROM alert_deliveries").update();
	}

	@AfterEach
	void drain() {
		// This context alerts on the shared stubs: let nothing still in flight land in the next test class.
		Await.until(Duration.ofSeconds(30), "no alert in flight", this.drain::idle);
	}

	@Test
	void aVerdictChangeSendsOneDiscordMessageAndOneEmailWithItsTraceId() throws Exception {
		this.status.compute();
		int mailsBefore = ProviderStubs.MAIL.getReceivedMessages().length;
		this.jdbc.sql("""
				INSERT INTO bots (id, name, mode, instruments, data_provider, strategy_key, desired_state, state, created_at, updated_at)
				VALUES (gen_random_uuid(), 'alerting-bot', 'SIM', '{MES}', 'sim', 'ema_crossover', 'RUNNING', 'DEGRADED', now(), now())""")
			.update();
		SystemStatus.Envelope changed = this.status.compute();
		assertThat(changed.degradedCodes()).contains("BOT_DEGRADED");
		String traceId = changed.traceId();
		awaitDeliveries(traceId, 2);

		List<LoggedRequest> posts = ProviderStubs.WIREMOCK
			.findAll(postRequestedFor(urlPathEqualTo(ProviderStubs.DISCORD_PATH)))
			.stream()
			.filter((request) -> request.getBodyAsString().contains(traceId))
			.toList();
		assertThat(posts).hasSize(1);
		String discord = posts.get(0).getBodyAsString();
		assertThat(discord).contains("\"embeds\"", "BOT_DEGRADED", "\"allowed_mentions\":{\"parse\":[]}")
			.doesNotContain("stub-webhook-token", ProviderStubs.SMTP_PASSWORD);
		List<MimeMessage> mails = List.of(ProviderStubs.MAIL.getReceivedMessages()).subList(mailsBefore,
				ProviderStubs.MAIL.getReceivedMessages().length);
		List<MimeMessage> ours = mails.stream().filter((mail) -> body(mail).contains(traceId)).toList();
		assertThat(ours).hasSize(1);
		assertThat(ours.get(0).getSubject()).startsWith("[Observatory] Observatory is DEGRADED");
		assertThat(body(ours.get(0))).contains("BOT_DEGRADED").doesNotContain("stub-webhook-token",
				ProviderStubs.SMTP_PASSWORD);
		assertThat(this.jdbc.sql("""
				SELECT count(*) FROM integration_usage_events WHERE endpoint_name IN ('discord.execute_webhook', 'smtp.send')""")
			.query(Long.class).single()).as("every delivery is a usage event").isPositive();

		// The same condition again does not alert twice.
		this.status.compute();
		assertThat(this.jdbc.sql("SELECT count(*) FROM alert_deliveries WHERE trace_id = ?").param(traceId)
			.query(Integer.class).single()).isEqualTo(2);
	}

	@Test
	void aLastingConditionIsRemindedAtMostOncePerInterval() {
		this.jdbc.sql("INSERT INTO bots (id, name, mode, instruments, data_provider, strategy_key, desired_state, state,"
				+ " created_at, updated_at) VALUES (gen_random_uuid(), 'lasting-bot', 'SIM', '{MES}', 'sim', 'ema_crossover',"
				+ " 'RUNNING', 'DEGRADED', now(), now())")
			.update();
		this.watch.pass();
		Await.until(Duration.ofSeconds(30), "the change alert sent", this.drain::idle);
		String key = this.jdbc.sql("SELECT alert_key FROM alert_deliveries ORDER BY at DESC LIMIT 1").query(String.class)
			.single();
		int sent = deliveries(key);

		this.watch.pass();
		Await.until(Duration.ofSeconds(30), "the reminder considered", this.drain::idle);
		assertThat(deliveries(key)).as("within the reminder interval: nothing new").isEqualTo(sent);

		// Half an hour later, as far as the deliveries know: the same lasting condition is sent again.
		this.jdbc.sql("UPDATE alert_deliveries SET at = at - interval '31 minutes' WHERE alert_key = ?").param(key).update();
		this.watch.pass();
		Await.until(Duration.ofSeconds(30), "the reminder sent", this.drain::idle);
		assertThat(this.jdbc.sql("SELECT count(*) FROM alert_deliveries WHERE alert_key = ? AND kind = 'STATUS_REMINDER'")
			.param(key).query(Integer.class).single()).isEqualTo(2);
	}

	private int deliveries(String key) {
		return this.jdbc.sql("SELECT count(*) FROM alert_deliveries WHERE alert_key = ?").param(key).query(Integer.class)
			.single();
	}

	@Test
	void anUnknownWebhookFailsForGoodAndTheVerdictSaysAlertsFailing() {
		ProviderStubs.WIREMOCK.stubFor(WireMock.post(urlPathEqualTo(ProviderStubs.DISCORD_PATH))
			.atPriority(1)
			.willReturn(WireMock.aResponse().withStatus(404).withHeader("Content-Type", "application/json")
				.withBody("{\"message\": \"Unknown Webhook\", \"code\": 10015}")));
		Http.Response test = this.http.post("/api/alerts/test", "");
		assertThat(test.status()).as(test.body()).isEqualTo(200);
		assertThat(test.json().get("deliveries").findValuesAsString("channel")).containsExactlyInAnyOrder("discord", "smtp");
		assertThat(outcome(test, "discord")).isEqualTo("FAILED");
		assertThat(outcome(test, "smtp")).isEqualTo("SENT");
		assertThat(test.json().get("deliveries").findValues("attempts").stream().map((n) -> n.asInt()).toList())
			.as("a final failure is not retried").containsOnly(1);
		assertThat(this.status.compute().degradedCodes()).contains("ALERTS_FAILING");

		ProviderStubs.reset();
		assertThat(outcome(this.http.post("/api/alerts/test", ""), "discord")).isEqualTo("SENT");
		assertThat(this.status.compute().degradedCodes()).doesNotContain("ALERTS_FAILING");
	}

	private void awaitDeliveries(String traceId, int count) {
		Await.until(Duration.ofSeconds(15), count + " deliveries of " + traceId, () -> this.jdbc.sql(
				"SELECT count(*) FROM alert_deliveries WHERE trace_id = ? AND outcome = 'SENT'").param(traceId)
			.query(Integer.class).single() >= count);
	}

	private static String outcome(Http.Response response, String channel) {
		for (var delivery : response.json().get("deliveries")) {
			if (delivery.get("channel").asString().equals(channel)) {
				return delivery.get("outcome").asString();
			}
		}
		throw new AssertionError("no delivery to " + channel + " in " + response.body());
	}

	private static String body(MimeMessage mail) {
		try {
			return String.valueOf(mail.getContent());
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

}
