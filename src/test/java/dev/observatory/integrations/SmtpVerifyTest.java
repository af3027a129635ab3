package dev.observatory.integrations;

import dev.observatory.integrations.smtp.SmtpClient;
import dev.observatory.integrations.stubs.ProviderStubTest;
import dev.observatory.integrations.stubs.ProviderStubs;
import dev.observatory.integrations.stubs.SmtpFront;
import dev.observatory.integrations.stubs.Verifications;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/** E-mail over SMTP against GreenMail (implicit TLS): success, 535 bad credentials, 421 at the greeting. */
@ProviderStubTest
class SmtpVerifyTest {

	@LocalServerPort
	int port;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	SmtpClient smtp;

	Verifications verifications;

	@BeforeEach
	void setUp() {
		ProviderStubs.reset();
		this.verifications = new Verifications(this.port, this.jdbc);
	}

	@Test
	void loginSucceedsAndNothingIsSent() throws Exception {
		int before = ProviderStubs.MAIL.getReceivedMessages().length;
		Verifications.Result result = this.verifications.verify("smtp");
		assertThat(result.codes()).as(result.message()).containsExactly("OK");
		assertThat(result.connected()).isTrue();
		assertThat(ProviderStubs.MAIL.getReceivedMessages()).hasSize(before);
		assertThat(this.verifications.usageStatuses(result)).containsExactly("OK");
		assertThat(this.verifications.usageEndpoints(result)).containsExactly("smtp.verify");
	}

	@Test
	void badCredentialsAre535AuthFailed() {
		ProviderStubs.MAIL.getUserManager().getUserByEmail(ProviderStubs.SMTP_USER).setPassword("rotated-elsewhere");
		Verifications.Result result = this.verifications.verify("smtp");
		assertThat(result.codes()).containsExactly("AUTH_FAILED");
		assertThat(result.message()).contains("535").doesNotContain(ProviderStubs.SMTP_PASSWORD);
		assertThat(this.verifications.usageStatuses(result)).containsExactly("AUTH_FAILED");
	}

	@Test
	void a421GreetingIsTransientAndRetried() {
		ProviderStubs.SMTP.mode(SmtpFront.Mode.GREET_421);
		Verifications.Result result = this.verifications.verify("smtp");
		assertThat(result.codes()).as(result.message()).containsExactly("PROVIDER_UNREACHABLE");
		assertThat(result.message()).contains("421");
		assertThat(this.verifications.usageStatuses(result, 3)).hasSize(3).containsOnly("NETWORK_ERROR");
	}

	@Test
	void anAlertIsDeliveredToEveryRecipient() throws Exception {
		this.smtp.send("Observatory: bot halted", "Bot alpha halted: daily loss limit reached.");
		MimeMessage[] received = ProviderStubs.MAIL.getReceivedMessages();
		assertThat(received).isNotEmpty();
		MimeMessage last = received[received.length - 1];
		assertThat(last.getSubject()).isEqualTo("Observatory: bot halted");
		assertThat(last.getAllRecipients()[0].toString()).isEqualTo("oncall@desk.test");
	}

}
