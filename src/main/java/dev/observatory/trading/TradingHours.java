package dev.observatory.trading;

import java.time.Instant;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

/**
 * When a bot may trade: inside its instrument's exchange session (lifted for SIM and PAPER bots
 * with {@code session_mode=ALWAYS}) and inside its own trading window, if it has one. The window
 * applies in ALWAYS mode too: it is the bot's own choice, not the exchange's.
 */
public final class TradingHours {

	private TradingHours() {
	}

	/**
	 * Why the bot may not trade at {@code at}, or empty when it may.
	 *
	 * @param ignoreExchange the bot is SIM or PAPER with {@code session_mode=ALWAYS}
	 * @param window the bot's trading window, or null
	 */
	public static Optional<String> closedReason(Instrument instrument, boolean ignoreExchange,
			@Nullable TradingWindow window, Instant at) {
		if (!ignoreExchange && !instrument.sessions().isOpen(at)) {
			Instrument.Sessions sessions = instrument.sessions();
			return Optional.of(instrument.symbol() + "'s exchange session is closed ("
					+ (sessions.overnight() ? "Sun " + sessions.open() + " to Fri " + sessions.close() + ", break "
							+ sessions.close() + "–" + sessions.open()
							: "Mon–Fri " + sessions.open() + "–" + sessions.close())
					+ " " + sessions.zone().getId() + ")");
		}
		if (window != null && !window.contains(at)) {
			return Optional.of("Outside the bot's trading window " + window);
		}
		return Optional.empty();
	}

}
