package dev.observatory.trading.execution;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.TemporalAdjusters;
import java.util.Optional;
import java.util.Set;

import dev.observatory.trading.Instrument;

/**
 * The contract a LIVE order names, in each broker's spelling. CME's equity index futures (ES, MES, NQ, MNQ) list quarterly
 * months (H, M, U, Z) expiring on the third Friday; the desk convention followed here rolls to the
 * next quarter eight days before expiry (the Thursday of the week before). Energy and metals follow
 * other calendars that are not built: no contract, so no LIVE order, rather than a guessed month.
 */
public final class ContractMonths {

	private static final Set<String> QUARTERLY_INDEX = Set.of("ES", "MES", "NQ", "MNQ");

	private static final char[] QUARTER_CODES = { 'H', 'M', 'U', 'Z' };

	private ContractMonths() {
	}

	/** The front contract on {@code at}'s exchange date, as Tradovate names it ({@code MESZ6}). */
	public static Optional<String> front(Instrument instrument, Instant at) {
		return frontMonth(instrument, at).map((month) -> instrument.symbol() + code(month) + (month.getYear() % 10));
	}

	/** The same contract as Ironbeam names it ({@code XCME:MES.Z26}; the format is UNCONFIRMED beyond its example). */
	public static Optional<String> ironbeamSymbol(Instrument instrument, Instant at) {
		return frontMonth(instrument, at)
			.map((month) -> "XCME:" + instrument.symbol() + "." + code(month) + String.format("%02d", month.getYear() % 100));
	}

	/** The root of an Ironbeam symbol ({@code XCME:MES.Z26} → {@code MES}). */
	public static String ironbeamRoot(String exchSym) {
		String symbol = exchSym.substring(exchSym.indexOf(':') + 1);
		int dot = symbol.indexOf('.');
		return (dot > 0) ? symbol.substring(0, dot) : symbol;
	}

	private static Optional<LocalDate> frontMonth(Instrument instrument, Instant at) {
		if (!QUARTERLY_INDEX.contains(instrument.symbol())) {
			return Optional.empty();
		}
		LocalDate today = LocalDate.ofInstant(at, instrument.sessions().zone());
		for (int i = 0; i < 8; i++) {
			LocalDate month = today.withDayOfMonth(1).plusMonths(i);
			if (month.getMonthValue() % 3 != 0) {
				continue;
			}
			LocalDate expiry = month.with(TemporalAdjusters.dayOfWeekInMonth(3, DayOfWeek.FRIDAY));
			if (today.isBefore(expiry.minusDays(8))) {
				return Optional.of(month);
			}
		}
		throw new IllegalStateException("no quarterly contract within 8 months of " + today);
	}

	private static char code(LocalDate month) {
		return QUARTER_CODES[month.getMonthValue() / 3 - 1];
	}

	/** The root of a contract symbol ({@code MESZ6} → {@code MES}), or the symbol itself. */
	public static String root(String contract) {
		return contract.matches("[A-Z]+[FGHJKMNQUVXZ]\\d{1,2}") ? contract.replaceAll("[FGHJKMNQUVXZ]\\d{1,2}$", "")
				: contract;
	}

}
