package dev.observatory.bots;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;

import dev.observatory.common.error.ApiException;
import dev.observatory.test.ObservatoryTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Every pair of every machine against the database: an allowed pair updates the row and writes
 * one FSM log row with actor, reason and trace id; a forbidden pair is a 409
 * {@code INVALID_TRANSITION} naming both states and writes nothing.
 */
@ObservatoryTest
class TransitionsTest {

	@Autowired
	Transitions transitions;

	@Autowired
	JdbcClient jdbc;

	@ParameterizedTest(name = "{0} {1} → {2}: allowed={3}")
	@MethodSource("everyPair")
	void everyPairIsAppliedOrRefusedAsTheTableSays(String entity, String from, String to, boolean allowed) {
		UUID bot = insertBot(entity.equals("BOT") ? from : "RUNNING");
		UUID id = switch (entity) {
			case "BOT" -> bot;
			case "INSTANCE" -> insertInstance(bot, from);
			default -> insertJob(bot, from);
		};
		boolean unkill = entity.equals("BOT") && from.equals("KILLED");
		FsmActor actor = unkill ? FsmActor.user("ops@desk") : FsmActor.SUPERVISOR;
		String reason = unkill ? Transitions.UNKILL : "TEST";
		if (allowed) {
			Transitions.Transition done = apply(entity, id, from, to, reason, actor);
			assertThat(done.to()).isEqualTo(to);
			assertThat(state(entity, id)).isEqualTo(to);
			assertThat(this.jdbc.sql("SELECT from_state || '>' || to_state || ' ' || actor || ' ' || reason_code || ' '"
					+ " || (trace_id <> '') FROM job_run_events WHERE entity_id = ?")
				.param(id)
				.query(String.class)
				.list()).containsExactly(from + ">" + to + " " + actor.value() + " " + reason + " true");
		}
		else {
			assertThatExceptionOfType(ApiException.class).isThrownBy(() -> apply(entity, id, from, to, reason, actor))
				.satisfies((ex) -> {
					assertThat(ex.errorCode().code()).isEqualTo("INVALID_TRANSITION");
					assertThat(ex.getMessage()).contains(from + " → " + to);
				});
			assertThat(state(entity, id)).isEqualTo(from);
			assertThat(events(id)).isZero();
		}
	}

	@Test
	void aKilledBotBecomesStoppedOnlyByAnOperatorsUnkill() {
		UUID bot = insertBot("KILLED");
		assertThatExceptionOfType(ApiException.class)
			.isThrownBy(() -> this.transitions.apply(StateMachines.BOT, bot, BotState.KILLED, BotState.STOPPED, "RESTART",
					FsmActor.SUPERVISOR))
			.satisfies((ex) -> assertThat(ex.errorCode().code()).isEqualTo("INVALID_TRANSITION"));
		assertThatExceptionOfType(ApiException.class).isThrownBy(() -> this.transitions.apply(StateMachines.BOT, bot,
				BotState.KILLED, BotState.STOPPED, Transitions.UNKILL, FsmActor.SYSTEM));
		assertThat(state("BOT", bot)).isEqualTo("KILLED");
		this.transitions.apply(StateMachines.BOT, bot, BotState.KILLED, BotState.STOPPED, Transitions.UNKILL,
				FsmActor.user("ops@desk"));
		assertThat(state("BOT", bot)).isEqualTo("STOPPED");
	}

	@Test
	void aStaleExpectedStateIsAConflictAndWritesNothing() {
		UUID bot = insertBot("STOPPED");
		this.transitions.apply(StateMachines.BOT, bot, BotState.STOPPED, BotState.STARTING, "START", FsmActor.user("a"));
		// A second replica still believes the bot is STOPPED.
		assertThatExceptionOfType(ApiException.class)
			.isThrownBy(() -> this.transitions.apply(StateMachines.BOT, bot, BotState.STOPPED, BotState.STARTING, "START",
					FsmActor.user("b")))
			.satisfies((ex) -> {
				assertThat(ex.errorCode().code()).isEqualTo("STATE_CONFLICT");
				assertThat(ex.getMessage()).contains("is STARTING, not STOPPED");
			});
		assertThat(events(bot)).isEqualTo(1);
		assertThatExceptionOfType(ApiException.class)
			.isThrownBy(() -> this.transitions.apply(StateMachines.JOB, UUID.randomUUID(), JobState.PENDING,
					JobState.RUNNING, "START", FsmActor.RUNNER))
			.satisfies((ex) -> assertThat(ex.errorCode().code()).isEqualTo("JOB_NOT_FOUND"));
	}

	@Test
	void instancesAndJobsGetTheirTimesFromTheirTransitions() {
		UUID bot = insertBot("RUNNING");
		UUID instance = insertInstance(bot, "PENDING");
		this.transitions.apply(StateMachines.INSTANCE, instance, InstanceState.PENDING, InstanceState.RUNNING, "CLAIMED",
				FsmActor.RUNNER);
		this.transitions.apply(StateMachines.INSTANCE, instance, InstanceState.RUNNING, InstanceState.CRASHED,
				"EXCEPTION", FsmActor.RUNNER);
		assertThat(this.jdbc.sql("SELECT started_at IS NOT NULL AND ended_at >= started_at FROM runner_instances WHERE id = ?")
			.param(instance)
			.query(Boolean.class)
			.single()).isTrue();
		UUID job = insertJob(bot, "PENDING");
		this.transitions.apply(StateMachines.JOB, job, JobState.PENDING, JobState.RUNNING, "STARTED", FsmActor.RUNNER);
		this.transitions.apply(StateMachines.JOB, job, JobState.RUNNING, JobState.FAILED, "EXCEPTION", FsmActor.RUNNER);
		assertThat(this.jdbc.sql("SELECT reason_code || ' ' || (ended_at >= started_at) FROM job_runs WHERE id = ?")
			.param(job)
			.query(String.class)
			.single()).isEqualTo("EXCEPTION true");
	}

	static Stream<Arguments> everyPair() {
		List<Arguments> pairs = new ArrayList<>();
		addPairs(pairs, "BOT", BotState.values(), StateMachineTablesTest.BOT);
		addPairs(pairs, "INSTANCE", InstanceState.values(), StateMachineTablesTest.INSTANCE);
		addPairs(pairs, "JOB", JobState.values(), StateMachineTablesTest.JOB);
		return pairs.stream();
	}

	private static void addPairs(List<Arguments> pairs, String entity, Enum<?>[] states, Set<String> allowed) {
		for (Enum<?> from : states) {
			for (Enum<?> to : states) {
				pairs.add(Arguments.of(entity, from.name(), to.name(), allowed.contains(from.name() + ">" + to.name())));
			}
		}
	}

	private Transitions.Transition apply(String entity, UUID id, String from, String to, String reason, FsmActor actor) {
		return switch (entity) {
			case "BOT" -> this.transitions.apply(StateMachines.BOT, id, BotState.valueOf(from), BotState.valueOf(to), reason,
					actor);
			case "INSTANCE" -> this.transitions.apply(StateMachines.INSTANCE, id, InstanceState.valueOf(from),
					InstanceState.valueOf(to), reason, actor);
			default -> this.transitions.apply(StateMachines.JOB, id, JobState.valueOf(from), JobState.valueOf(to), reason,
					actor);
		};
	}

	private UUID insertBot(String state) {
		UUID id = UUID.randomUUID();
		this.jdbc.sql("""
				INSERT INTO bots (id, name, mode, instruments, data_provider, strategy_key, state, created_at, updated_at)
				VALUES (?, ?, 'SIM', ARRAY['MES'], 'sim', 'ema_crossover', ?, ?, ?)""")
			.params(id, "bot-" + id, state, Timestamp.from(Instant.now()), Timestamp.from(Instant.now()))
			.update();
		return id;
	}

	private UUID insertInstance(UUID bot, String state) {
		UUID id = UUID.randomUUID();
		this.jdbc.sql("INSERT INTO runner_instances (id, bot_id, state, created_at, started_at) VALUES (?, ?, ?, ?, ?)")
			.params(id, bot, state, Timestamp.from(Instant.now()),
					state.equals("PENDING") ? null : Timestamp.from(Instant.now()))
			.update();
		return id;
	}

	private UUID insertJob(UUID bot, String state) {
		UUID id = UUID.randomUUID();
		this.jdbc.sql("INSERT INTO job_runs (id, kind, bot_id, state, created_at, started_at) VALUES (?, 'RUN', ?, ?, ?, ?)")
			.params(id, bot, state, Timestamp.from(Instant.now()),
					state.equals("PENDING") ? null : Timestamp.from(Instant.now()))
			.update();
		return id;
	}

	private String state(String entity, UUID id) {
		String table = switch (entity) {
			case "BOT" -> "bots";
			case "INSTANCE" -> "runner_instances";
			default -> "job_runs";
		};
		return this.jdbc.sql("SELECT state FROM " + table + " WHERE id = ?").param(id).query(String.class).single();
	}

	private long events(UUID id) {
		return this.jdbc.sql("SELECT count(*) FROM job_run_events WHERE entity_id = ?").param(id).query(Long.class).single();
	}

}
