package dev.observatory.common.secrets;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.PatternLayout;
import ch.qos.logback.classic.spi.LoggingEvent;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SecretMaskerTest {

	@Test
	void masksRawBase64AndPercentEncodedForms() {
		String secret = "sk-test+" + UUID.randomUUID() + "/=";
		Env.of(Map.of("OPENAI_API_KEY", secret));
		String base64 = Base64.getEncoder().encodeToString(secret.getBytes(StandardCharsets.UTF_8));
		String percent = URLEncoder.encode(secret, StandardCharsets.UTF_8);
		assertThat(SecretMasker.mask("key=" + secret + " b64=" + base64 + " url=" + percent))
			.isEqualTo("key=**** b64=**** url=****");
	}

	@Test
	void aFailureIsDescribedByItsInnermostCauseMaskedAndBounded() {
		String secret = "sk-test-" + UUID.randomUUID();
		Env.of(Map.of("OPENAI_API_KEY", secret));
		RuntimeException wrapped = new IllegalStateException("calling the provider failed",
				new java.io.IOException("refused with key " + secret));
		assertThat(SecretMasker.describe(wrapped, 300)).isEqualTo("IOException: refused with key ****");
		assertThat(SecretMasker.describe(new RuntimeException("x".repeat(500)), 40)).hasSize(40)
			.startsWith("RuntimeException: xxx");
	}

	@Test
	void masksThePasswordInsideAUrl() {
		String password = "pw-" + UUID.randomUUID();
		Env.of(Map.of("DATABASE_URL", "postgresql://desk:" + password + "@db:5432/x"));
		assertThat(SecretMasker.mask("connecting with " + password)).isEqualTo("connecting with ****");
	}

	@Test
	void keepsTheDatabaseNameOfADatabaseUrlReadable() {
		Env.of(Map.of("DATABASE_URL", "postgresql://desk:pw-" + UUID.randomUUID() + "@db:5432/observatory_production_eu"));
		assertThat(SecretMasker.mask("Database: db:5432/observatory_production_eu"))
			.isEqualTo("Database: db:5432/observatory_production_eu");
	}

	@Test
	void leavesNonSecretVariablesAlone() {
		Env.of(Map.of("SMTP_HOST", "smtp.example.com"));
		assertThat(SecretMasker.mask("smtp.example.com")).isEqualTo("smtp.example.com");
	}

	@Test
	void logLayerMasksMessagesAndStackTraces() {
		String secret = "discord-" + UUID.randomUUID();
		Env.of(Map.of("DISCORD_WEBHOOK_URL", "https://discord.example/api/webhooks/1/" + secret));
		LoggerContext context = new LoggerContext();
		PatternLayout layout = new PatternLayout();
		layout.setContext(context);
		layout.getInstanceConverterMap().put("mask", MaskingConverter::new);
		layout.setPattern("%mask(%m%n%ex)");
		layout.start();
		Logger logger = context.getLogger("test");
		LoggingEvent event = new LoggingEvent("test", logger, ch.qos.logback.classic.Level.ERROR,
				"posting to https://discord.example/api/webhooks/1/" + secret, new IllegalStateException("token " + secret),
				null);
		String line = layout.doLayout(event);
		assertThat(line).contains("IllegalStateException").contains("****").doesNotContain(secret);
	}

	@Test
	void secretsAreNeverHandedOutAsPlainText() {
		Env env = Env.of(Map.of("OPENAI_API_KEY", "sk-abcdefgh", "OPENAI_BASE_URL", "http://stub"));
		assertThat(env.secret(EnvVar.OPENAI_API_KEY).orElseThrow().toString()).isEqualTo("OPENAI_API_KEY=****");
		assertThat(env.plain(EnvVar.OPENAI_BASE_URL)).contains("http://stub");
		assertThatThrownBy(() -> env.plain(EnvVar.OPENAI_API_KEY)).isInstanceOf(IllegalArgumentException.class);
		assertThat(Env.of(Map.of("OPENAI_API_KEY", "   ")).isSet(EnvVar.OPENAI_API_KEY)).as("blank is unset").isFalse();
	}

	@Test
	void aRetiredDerivedSecretIsNoLongerMasked() {
		String token = "retired-token-" + java.util.UUID.randomUUID();
		Secret secret = Secret.derivedFrom(EnvVar.TRADOVATE_SECRET, token);
		assertThat(SecretMasker.mask("token " + token)).doesNotContain(token);
		secret.retire();
		assertThat(SecretMasker.mask("token " + token)).contains(token);
	}

}
