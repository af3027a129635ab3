package dev.observatory.web;

import java.time.Duration;

import dev.observatory.test.Await;
import dev.observatory.test.Http;
import dev.observatory.test.ObservatoryTest;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/** The embedded default offers a one-click SIM bot that really runs, labelled SIMULATED. */
@ObservatoryTest
@TestPropertySource(properties = { "observatory.runtime.enabled=true", "observatory.runtime.claim-interval=100ms",
		"observatory.runtime.heartbeat-interval=200ms", "observatory.runtime.tick-interval=50ms" })
class SimDemoTest {

	@LocalServerPort
	int port;

	@Autowired
	JdbcClient jdbc;

	@Test
	void oneClickCreatesAndStartsTheSimDemoBotAndASecondClickReusesIt() {
		Http http = new Http("http://127.0.0.1:" + this.port);
		assertThat(http.get("/").body()).contains("Create and start the SIM demo bot").doesNotContain("id=\"sim-demo\"");

		Http.Response clicked = http.post("/actions/sim-demo", "");
		assertThat(clicked.status()).isEqualTo(302);
		String id = this.jdbc.sql("SELECT id::text FROM bots WHERE name = 'sim-demo'").query(String.class).single();
		assertThat(clicked.header("Location")).endsWith("/?demo=" + id);
		Await.until(Duration.ofSeconds(10), "the demo bot running on this host", () -> "RUNNING".equals(
				this.jdbc.sql("SELECT state FROM bots WHERE id = ?::uuid").param(id).query(String.class).single()));
		assertThat(this.jdbc.sql("SELECT mode || ' ' || data_provider FROM bots WHERE id = ?::uuid").param(id)
			.query(String.class).single()).isEqualTo("SIM sim");

		String page = http.get("/").body();
		assertThat(page).contains("id=\"sim-demo\"", "SIMULATED", "/api/bots/" + id + "/decision-traces",
				"/api/bots/" + id + "/no-trade-traces", "/api/bots/" + id + "/variables");

		assertThat(http.post("/actions/sim-demo", "").status()).isEqualTo(302);
		assertThat(this.jdbc.sql("SELECT count(*) FROM bots WHERE name = 'sim-demo'").query(Integer.class).single()).isOne();
		assertThat(this.jdbc.sql("SELECT count(*) FROM runner_instances WHERE bot_id = ?::uuid").param(id)
			.query(Integer.class).single()).as("a running demo is not started twice").isOne();
		http.post("/api/bots/" + id + "/stop", "");
	}

}
