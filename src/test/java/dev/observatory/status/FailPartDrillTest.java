package dev.observatory.status;

import java.time.Duration;

import dev.observatory.test.Await;
import dev.observatory.test.Http;
import dev.observatory.test.TestBots;
import dev.observatory.test.Loops;
import dev.observatory.test.ObservatoryTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Spec acceptance test 2, server side: the drill breaks a part as a real failure would. The
 * integrations or the accounts unreadable → DEGRADED STATUS_PART_UNAVAILABLE naming the part, the
 * starts that need it refused with DEPENDENCY_UNAVAILABLE while a SIM bot still starts; the status's
 * own database read failing → BLOCKED; each recovers when the drill ends.
 */
@ObservatoryTest
@TestPropertySource(properties = { "observatory.drills=true", "observatory.status.cache-ttl=0s" })
class FailPartDrillTest {

	@LocalServerPort
	int port;

	@Autowired
	JdbcClient jdbc;

	Http http;

	@BeforeEach
	void setUp() {
		this.http = new Http("http://127.0.0.1:" + this.port);
		Loops.awaitStartupPasses(this.jdbc);
		this.http.post("/api/integrations/verify", "{\"provider\": \"postgres\"}", "Content-Type", "application/json");
		Await.until(Duration.ofSeconds(15), "no drill in effect", () -> "OK".equals(verdict().get("system_status").asString()));
	}

	@Test
	void aFailedIntegrationsPartDegradesAndRefusesOnlyWhatNeedsIt() {
		String paper = TestBots.create(this.http, "drill-paper", "PAPER", "databento", "MES");
		String sim = TestBots.create(this.http, "drill-sim", "SIM", "sim", "MES");
		Http.Response drill = drill("integrations", 3);
		assertThat(drill.status()).as(drill.body()).isEqualTo(200);
		assertThat(drill.json().get("part").asString()).isEqualTo("integrations");
		assertThat(drill.json().get("trace_id").asString()).isNotBlank();

		Http.Response integrations = this.http.get("/api/integrations/status");
		assertThat(integrations.status()).as("fails as a lost database would").isEqualTo(503);
		assertThat(integrations.json().get("error_code").asString()).isEqualTo("DATABASE_UNAVAILABLE");
		JsonNode status = verdict();
		assertThat(status.get("system_status").asString()).isEqualTo("DEGRADED");
		JsonNode part = status.get("degraded").get(0);
		assertThat(part.get("code").asString()).isEqualTo("STATUS_PART_UNAVAILABLE");
		assertThat(part.get("message").asString()).contains("integrations");
		assertThat(this.http.post("/api/bots/" + paper + "/safe-start-check", "").json().get("denials")
			.findValuesAsString("code")).contains("DEPENDENCY_UNAVAILABLE");
		assertThat(this.http.post("/api/bots/" + sim + "/start", "").status()).as("the rest stays available").isEqualTo(200);
		assertThat(this.jdbc.sql("SELECT count(*) FROM audit_events WHERE action = 'DRILL_FAIL_PART'").query(Integer.class)
			.single()).isPositive();

		Await.until(Duration.ofSeconds(10), "the drill over", () -> this.http.get("/api/integrations/status").status() == 200);
		this.http.post("/api/bots/" + sim + "/stop", "");
	}

	@Test
	void failedAccountsDegradeAndAFailedDatabaseReadBlocks() {
		assertThat(drill("accounts", 2).status()).isEqualTo(200);
		assertThat(this.http.get("/api/accounts").status()).isEqualTo(503);
		JsonNode degraded = verdict();
		assertThat(degraded.get("system_status").asString()).isEqualTo("DEGRADED");
		assertThat(degraded.get("degraded").get(0).get("message").asString()).contains("accounts");
		Await.until(Duration.ofSeconds(10), "the accounts back", () -> this.http.get("/api/accounts").status() == 200);

		assertThat(drill("database-read", 2).status()).isEqualTo(200);
		JsonNode blocked = verdict();
		assertThat(blocked.get("system_status").asString()).isEqualTo("BLOCKED");
		assertThat(blocked.get("blockers").get(0).get("code").asString()).isEqualTo("DATABASE_UNAVAILABLE");
		assertThat(blocked.get("autonomy_allowed").asBoolean()).isFalse();
		Await.until(Duration.ofSeconds(10), "the verdict back to OK", () -> "OK".equals(verdict().get("system_status").asString()));
	}

	@Test
	void badDrillsAre400Problems() {
		assertThat(drill("nope", 5).json().get("error_code").asString()).isEqualTo("VALIDATION_FAILED");
		assertThat(drill("accounts", 0).status()).isEqualTo(400);
		assertThat(drill("accounts", 601).status()).isEqualTo(400);
		assertThat(this.http.post("/api/drills/fail-part", "{\"part\": ", "Content-Type", "application/json").status())
			.isEqualTo(400);
	}

	private Http.Response drill(String part, int seconds) {
		return this.http.post("/api/drills/fail-part", "{\"part\": \"%s\", \"seconds\": %d}".formatted(part, seconds),
				"Content-Type", "application/json");
	}

	private JsonNode verdict() {
		return this.http.get("/api/system/status").json();
	}

}
