package dev.observatory.integrations.stubs;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import com.icegreen.greenmail.util.DummySSLSocketFactory;
import dev.observatory.common.secrets.Env;
import dev.observatory.integrations.smtp.SmtpTls;
import dev.observatory.test.ObservatoryTest;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.test.context.TestPropertySource;

/**
 * The whole application with every provider configured and pointed at {@link ProviderStubs}:
 * short timeouts and backoffs so failure classes run fast, a breaker that does not open between
 * tests (its own test sets it), and no re-verify loop (tests verify themselves).
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ObservatoryTest
@Import(ProviderStubTest.StubbedProviders.class)
@TestPropertySource(properties = { "observatory.integrations.read-timeout=400ms",
		"observatory.integrations.connect-timeout=1s", "observatory.integrations.retry.initial-backoff=10ms",
		"observatory.integrations.retry.max-backoff=40ms", "observatory.integrations.breaker.minimum-calls=100000",
		"observatory.integrations.breaker.window=100000", "observatory.integrations.reverify.enabled=false",
		// Alerts would reach the shared stubs at any moment; AlertsTest switches them on in a context of its own.
		"observatory.alerts.enabled=false" })
public @interface ProviderStubTest {

	@TestConfiguration(proxyBeanMethods = false)
	class StubbedProviders {

		@Bean
		@Primary
		Env stubbedProvidersEnv() {
			return Env.of(ProviderStubs.env());
		}

		/** GreenMail's certificate is self-signed: trusted here, and only here. */
		@Bean
		SmtpTls greenMailTls() {
			return new SmtpTls(new DummySSLSocketFactory(), false);
		}

	}

}
