package dev.observatory.runtime;

import java.sql.Timestamp;
import java.time.Duration;

import dev.observatory.common.locks.ReplicaId;
import dev.observatory.test.Await;
import dev.observatory.test.Http;
import dev.observatory.test.ObservatoryTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/** A SIM bot really runs on this process's runner host: claimed, heartbeating, stopped, crashed. */
@ObservatoryTest
@TestPropertySource(properties = { "observatory.runtime.enabled=true", "observatory.runtime.claim-interval=100ms",
		"observatory.runtime.heartbeat-interval=200ms", "observatory.runtime.tick-interval=20ms" })
class RunnerHostTest {

	@LocalServerPort
	int port;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	RunnerHost host;

	@Autowired
	ReplicaId hostId;

	Http http;

	@BeforeEach
	void setUp() {
		this.http = new Http("http://127.0.0.1:" + this.port);
	}

	@Test
	void aStartedSimBotRunsHeartbeatsAndStops() {
		String id = createAndStart("runner-sim", "sim");
		Await.until(Duration.ofSeconds(10), "the bot running on this host",
				() -> "RUNNING".equals(botState(id)) && "RUNNING".equals(instanceState(id)));
		assertThat(this.jdbc.sql("SELECT host_id FROM runner_instances WHERE bot_id = ?::uuid").param(id)
			.query(String.class).single()).isEqualTo(this.hostId.value());
		assertThat(this.jdbc.sql("SELECT state FROM job_runs WHERE bot_id = ?::uuid").param(id).query(String.class).single())
			.isEqualTo("RUNNING");
		Timestamp first = heartbeat(id);
		Await.until(Duration.ofSeconds(10), "a later heartbeat", () -> {
			Timestamp beat = heartbeat(id);
			return beat != null && first != null && beat.after(first);
		});
		assertThat(this.jdbc.sql("SELECT last_iteration_at IS NOT NULL FROM runner_instances WHERE bot_id = ?::uuid")
			.param(id).query(Boolean.class).single()).isTrue();

		assertThat(this.http.post("/api/bots/" + id + "/stop", "").status()).isEqualTo(200);
		Await.until(Duration.ofSeconds(10), "the loop ended and its job cancelled", () -> this.host.instances().isEmpty()
				&& "CANCELLED".equals(this.jdbc.sql("SELECT state FROM job_runs WHERE bot_id = ?::uuid").param(id)
					.query(String.class).single()));
		assertThat(instanceState(id)).isEqualTo("STOPPED");
		assertThat(this.http.get("/api/bots/" + id + "/events").json().get("events").findValuesAsString("kind"))
			.contains("INSTANCE:PENDING>RUNNING", "JOB:PENDING>RUNNING", "BOT:STARTING>RUNNING", "JOB:RUNNING>CANCELLED");
	}

	@Test
	void aBotWhoseLoopFailsIsCrashedAtOnceWithItsFailure() {
		// A bot stored with a strategy this build no longer has: the loop fails as it opens its trader.
		String id = create("runner-crash");
		this.jdbc.sql("UPDATE bots SET strategy_key = 'retired_strategy' WHERE id = ?::uuid").param(id).update();
		assertThat(this.http.post("/api/bots/" + id + "/start", "").status()).isEqualTo(200);
		Await.until(Duration.ofSeconds(10), "the instance crashed", () -> "CRASHED".equals(instanceState(id)));
		assertThat(this.jdbc.sql("SELECT exit_reason || ' ' || failure_summary FROM runner_instances WHERE bot_id = ?::uuid")
			.param(id).query(String.class).single()).startsWith("EXCEPTION IllegalStateException: strategy retired_strategy is not built");
		assertThat(this.jdbc.sql("SELECT state FROM job_runs WHERE bot_id = ?::uuid").param(id).query(String.class).single())
			.isEqualTo("FAILED");
	}

	@Test
	void aCrashDrillFailsTheRunLoopLikeARealFailure() {
		String id = createAndStart("drill-crash", "sim");
		Await.until(Duration.ofSeconds(10), "the bot running", () -> "RUNNING".equals(instanceState(id)));
		Http.Response accepted = this.http.post("/api/bots/" + id + "/simulate-crash", "");
		assertThat(accepted.status()).as(accepted.body()).isEqualTo(202);
		assertThat(accepted.json().get("drill").asString()).isEqualTo("CRASH");
		assertThat(accepted.json().get("trace_id").asString()).isNotBlank();
		Await.until(Duration.ofSeconds(10), "the instance crashed", () -> "CRASHED".equals(instanceState(id)));
		assertThat(this.jdbc.sql("SELECT drill || ' ' || exit_reason || ' ' || failure_summary FROM runner_instances WHERE bot_id = ?::uuid")
			.param(id).query(String.class).single()).startsWith("CRASH EXCEPTION SimulatedCrashException: crash drill");
		assertThat(this.jdbc.sql("SELECT state FROM job_runs WHERE bot_id = ?::uuid").param(id).query(String.class).single())
			.isEqualTo("FAILED");
		assertThat(this.jdbc.sql("SELECT count(*) FROM audit_events WHERE action = 'SIMULATE_CRASH' AND target = ? AND outcome = 'SUCCESS'")
			.param(id).query(Integer.class).single()).isEqualTo(1);

		Http.Response again = this.http.post("/api/bots/" + id + "/simulate-crash", "");
		assertThat(again.status()).isEqualTo(409);
		assertThat(again.json().get("error_code").asString()).isEqualTo("BOT_NOT_RUNNING");
		assertThat(again.json().get("trace_id").asString()).isNotBlank();
	}

	@Test
	void aHungBotStopsHeartbeatingWhileTheOthersOnItsHostGoOn() {
		String hung = createAndStart("drill-hang", "sim");
		String healthy = createAndStart("drill-neighbour", "sim");
		Await.until(Duration.ofSeconds(10), "both bots heartbeating",
				() -> "RUNNING".equals(instanceState(hung)) && "RUNNING".equals(instanceState(healthy))
						&& heartbeat(hung) != null && heartbeat(healthy) != null);
		assertThat(this.http.post("/api/bots/" + hung + "/simulate-hang", "").status()).isEqualTo(202);
		// The loop may still finish the iteration it is in and be beaten once more; then it is frozen.
		Await.until(Duration.ofSeconds(10), "the hung bot's heartbeat frozen for one of the neighbour's beats", () -> {
			Timestamp before = heartbeat(hung);
			awaitNextBeat(healthy);
			return heartbeat(hung).equals(before);
		});
		Timestamp frozen = heartbeat(hung);
		Timestamp neighbour = heartbeat(healthy);
		for (int beat = 0; beat < 3; beat++) {
			awaitNextBeat(healthy);
		}
		assertThat(heartbeat(healthy)).isAfter(neighbour);
		assertThat(heartbeat(hung)).isEqualTo(frozen);
		assertThat(instanceState(hung)).as("hung, not crashed: its thread is alive").isEqualTo("RUNNING");
		assertThat(this.host.instances()).hasSize(2);

		assertThat(this.http.post("/api/bots/" + hung + "/stop", "").status()).isEqualTo(200);
		assertThat(this.http.post("/api/bots/" + healthy + "/stop", "").status()).isEqualTo(200);
		Await.until(Duration.ofSeconds(10), "both loops ended", () -> this.host.instances().isEmpty());
	}

	@Test
	void drillsOnLiveBotsAreRefusedUnlessAllowed() {
		this.jdbc.sql("""
				INSERT INTO accounts (id, broker, external_id, name, mode, created_at)
				VALUES ('00000000-0000-0000-0000-0000000000c1', 'tradovate', 'L1', 'live', 'LIVE', now())""").update();
		this.jdbc.sql("""
				INSERT INTO bots (id, name, mode, instruments, data_provider, account_id, strategy_key, created_at, updated_at)
				VALUES ('00000000-0000-0000-0000-0000000000c2', 'live-drill', 'LIVE', '{MES}', 'databento',
				        '00000000-0000-0000-0000-0000000000c1', 'ema_crossover', now(), now())""").update();
		Http.Response refused = this.http.post("/api/bots/00000000-0000-0000-0000-0000000000c2/simulate-crash", "");
		assertThat(refused.status()).isEqualTo(409);
		assertThat(refused.json().get("error_code").asString()).isEqualTo("LIVE_DRILLS_DISABLED");
		assertThat(refused.json().get("detail").asString()).contains("OBSERVATORY_ALLOW_LIVE_DRILLS");
		assertThat(this.jdbc.sql("SELECT count(*) FROM audit_events WHERE action = 'SIMULATE_CRASH' AND outcome = 'DENIED'")
			.query(Integer.class).single()).isEqualTo(1);
	}

	private void awaitNextBeat(String id) {
		Timestamp previous = heartbeat(id);
		Await.until(Duration.ofSeconds(5), "the next heartbeat of " + id, () -> heartbeat(id).after(previous));
	}

	private String createAndStart(String name, String dataProvider) {
		String id = create(name, dataProvider);
		assertThat(this.http.post("/api/bots/" + id + "/start", "").status()).isEqualTo(200);
		return id;
	}

	private String create(String name) {
		return create(name, "sim");
	}

	private String create(String name, String dataProvider) {
		Http.Response created = this.http.post("/api/bots", """
				{"name": "%s", "mode": "SIM", "instruments": ["MES"], "data_provider": "%s",
				 "strategy_key": "ema_crossover", "session_mode": "ALWAYS",
				 "strategy_params": {"fast_period": 3, "slow_period": 8}}""".formatted(name, dataProvider),
				"Content-Type", "application/json");
		assertThat(created.status()).as(created.body()).isEqualTo(201);
		return created.json().get("id").asString();
	}

	private String botState(String id) {
		return this.jdbc.sql("SELECT state FROM bots WHERE id = ?::uuid").param(id).query(String.class).single();
	}

	private String instanceState(String id) {
		return this.jdbc.sql("SELECT state FROM runner_instances WHERE bot_id = ?::uuid").param(id).query(String.class)
			.single();
	}

	private Timestamp heartbeat(String id) {
		return this.jdbc.sql("SELECT last_heartbeat_at FROM runner_instances WHERE bot_id = ?::uuid").param(id)
			.query(Timestamp.class).single();
	}

}
