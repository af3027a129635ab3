package dev.observatory.trading.execution;

import java.time.Instant;

import dev.observatory.trading.Instruments;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The front contract of the quarterly index futures, rolled eight days before the third-Friday expiry. */
class ContractMonthsTest {

	@Test
	void theFrontQuarterRollsEightDaysBeforeItsExpiry() {
		// December 2026 expires Friday the 18th: the roll is on Thursday the 10th.
		assertThat(front("MES", "2026-12-09T15:00:00Z")).isEqualTo("MESZ6");
		assertThat(front("MES", "2026-12-10T15:00:00Z")).isEqualTo("MESH7");
		assertThat(front("ES", "2026-01-05T15:00:00Z")).isEqualTo("ESH6");
		assertThat(front("NQ", "2026-06-30T15:00:00Z")).isEqualTo("NQU6");
		// 04:30 UTC on 10 December is still the 9th (22:30) in Chicago.
		assertThat(front("MNQ", "2026-12-10T04:30:00Z")).isEqualTo("MNQZ6");
		assertThat(ContractMonths.front(Instruments.find("CL").orElseThrow(), Instant.now())).as("not built").isEmpty();
		assertThat(ContractMonths.root("MESZ6")).isEqualTo("MES");
		assertThat(ContractMonths.root("CLF27")).isEqualTo("CL");
		assertThat(ContractMonths.root("SPY")).isEqualTo("SPY");
	}

	@Test
	void ironbeamNamesTheSameContractWithItsExchangeAndATwoDigitYear() {
		assertThat(ContractMonths.ironbeamSymbol(Instruments.find("MES").orElseThrow(), Instant.parse("2026-12-09T15:00:00Z")))
			.contains("XCME:MES.Z26");
		assertThat(ContractMonths.ironbeamSymbol(Instruments.find("ES").orElseThrow(), Instant.parse("2026-12-10T15:00:00Z")))
			.contains("XCME:ES.H27");
		assertThat(ContractMonths.ironbeamSymbol(Instruments.find("GC").orElseThrow(), Instant.now())).isEmpty();
		assertThat(ContractMonths.ironbeamRoot("XCME:MES.Z26")).isEqualTo("MES");
		assertThat(ContractMonths.ironbeamRoot("ES.U25")).isEqualTo("ES");
	}

	private static String front(String symbol, String at) {
		return ContractMonths.front(Instruments.find(symbol).orElseThrow(), Instant.parse(at)).orElseThrow();
	}

}
