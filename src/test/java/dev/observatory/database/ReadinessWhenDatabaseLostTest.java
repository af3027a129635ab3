package dev.observatory.database;

import dev.observatory.test.Http;
import dev.observatory.test.ObservatoryTest;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Losing the database once running turns readiness DOWN while liveness stays UP, and the verdict
 * BLOCKED with DATABASE_UNAVAILABLE: the real server is stopped.
 */
@ObservatoryTest
@TestPropertySource(properties = { "observatory.database.connect-timeout=1s", "observatory.status.cache-ttl=0s" })
@DirtiesContext
class ReadinessWhenDatabaseLostTest {

	@LocalServerPort
	int port;

	@Autowired
	DatabaseServer databaseServer;

	@Test
	void readinessGoesDownWhenTheDatabaseStops() {
		Http http = new Http("http://127.0.0.1:" + this.port);
		assertThat(http.get("/actuator/health/readiness").status()).isEqualTo(200);

		this.databaseServer.close();

		Http.Response readiness = http.get("/actuator/health/readiness");
		assertThat(readiness.status()).isEqualTo(503);
		assertThat(readiness.json().get("status").asString()).isEqualTo("DOWN");
		assertThat(readiness.json().at("/components/db/status").asString()).isEqualTo("DOWN");
		assertThat(http.get("/actuator/health/liveness").status()).isEqualTo(200);

		Http.Response status = http.get("/api/system/status");
		assertThat(status.status()).as("the verdict still answers").isEqualTo(200);
		assertThat(status.json().get("system_status").asString()).isEqualTo("BLOCKED");
		assertThat(status.json().get("autonomy_allowed").asBoolean()).isFalse();
		assertThat(status.json().get("blockers").get(0).get("code").asString()).isEqualTo("DATABASE_UNAVAILABLE");
		assertThat(status.json().get("blockers").get(0).get("suggested_fix").asString()).contains("PostgreSQL");
	}

}
