package dev.observatory.bots;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The tables hold exactly the transitions of DESIGN.md §4 and issue 6, written out here again
 * independently of the production tables: every pair of every machine is either in this list or
 * forbidden.
 */
class StateMachineTablesTest {

	static final Set<String> BOT = Set.of("STOPPED>STARTING", "STARTING>RUNNING", "STARTING>BLOCKED", "STARTING>STOPPED",
			"RUNNING>DEGRADED", "DEGRADED>RUNNING", "RUNNING>STOPPED", "RUNNING>BLOCKED", "DEGRADED>STOPPED",
			"DEGRADED>BLOCKED", "BLOCKED>STARTING", "BLOCKED>STOPPED", "STOPPED>KILLED", "STARTING>KILLED",
			"RUNNING>KILLED", "DEGRADED>KILLED", "BLOCKED>KILLED", "KILLED>STOPPED");

	static final Set<String> INSTANCE = Set.of("PENDING>RUNNING", "PENDING>TERMINATED", "RUNNING>STOPPED",
			"RUNNING>CRASHED", "RUNNING>TIMED_OUT", "RUNNING>TERMINATED", "CRASHED>TERMINATED", "TIMED_OUT>TERMINATED");

	static final Set<String> JOB = Set.of("PENDING>RUNNING", "PENDING>CANCELLED", "RUNNING>SUCCEEDED", "RUNNING>FAILED",
			"RUNNING>TIMEOUT", "RUNNING>CANCELLED", "RUNNING>KILLED");

	@Test
	void botMachineIsExactlyTheSpecifiedTable() {
		assertThat(allowedPairs(StateMachines.BOT)).containsExactlyInAnyOrderElementsOf(BOT);
	}

	@Test
	void instanceMachineIsExactlyTheSpecifiedTable() {
		assertThat(allowedPairs(StateMachines.INSTANCE)).containsExactlyInAnyOrderElementsOf(INSTANCE);
	}

	@Test
	void jobMachineIsExactlyTheSpecifiedTable() {
		assertThat(allowedPairs(StateMachines.JOB)).containsExactlyInAnyOrderElementsOf(JOB);
	}

	static <S extends Enum<S>> List<String> allowedPairs(StateMachine<S> machine) {
		List<String> pairs = new ArrayList<>();
		for (S from : machine.states().getEnumConstants()) {
			for (S to : machine.states().getEnumConstants()) {
				if (machine.allows(from, to)) {
					pairs.add(from.name() + ">" + to.name());
				}
			}
		}
		return pairs;
	}

}
