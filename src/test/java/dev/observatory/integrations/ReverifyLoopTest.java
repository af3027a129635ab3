package dev.observatory.integrations;

import java.time.Duration;
import java.util.List;

import dev.observatory.integrations.stubs.ProviderStubTest;
import dev.observatory.integrations.stubs.ProviderStubs;
import dev.observatory.test.Await;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/** The re-verify loop checks every configured provider at start, under its cross-replica lock. */
@ProviderStubTest
@TestPropertySource(properties = { "observatory.integrations.reverify.enabled=true",
		"observatory.integrations.reverify.initial-delay=0s" })
class ReverifyLoopTest {

	@Autowired
	JdbcClient jdbc;

	@BeforeAll
	static void stubs() {
		ProviderStubs.reset();
	}

	@Test
	void everyConfiguredProviderIsVerifiedAtStartUnderTheLock() {
		List<String> expected = List.of("anthropic", "databento", "discord", "ironbeam", "openai", "polygon", "postgres",
				"smtp", "supabase", "tradovate");
		Await.until(Duration.ofSeconds(30), "a check of every configured provider",
				() -> this.jdbc.sql("SELECT count(DISTINCT provider) FROM integration_checks").query(Long.class).single() >= expected.size());
		assertThat(this.jdbc.sql("SELECT DISTINCT provider FROM integration_checks ORDER BY provider").query(String.class).list())
			.containsExactlyElementsOf(expected);
		assertThat(this.jdbc.sql("SELECT count(*) FROM shedlock WHERE name = 'integrations-reverify'").query(Long.class).single())
			.isEqualTo(1);
		assertThat(this.jdbc.sql("SELECT count(*) FROM integration_checks WHERE NOT connected").query(Long.class).single())
			.as("every stub answers its happy path").isZero();
	}

}
