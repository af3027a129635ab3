package dev.observatory.bots;

import java.util.List;

import org.springframework.stereotype.Component;

/**
 * Whether a bot may start. Fails closed: it allows only what it can check. Until the autonomy
 * checks land (integrations connected, breaker closed, not killed, account reachable, ...), a SIM
 * bot — simulated data, simulated fills, no outside service — is the only kind it can vouch for;
 * PAPER and LIVE bots are refused with a reason, never let through unchecked.
 */
@Component
class SafeStartGate {

	/** The reasons a start is refused; empty when it may go ahead. */
	List<Denial> check(BotService.Bot bot) {
		if (bot.state().equals(BotState.KILLED.name())) {
			return List.of(new Denial("BOT_KILLED", "The bot is killed: an administrator must unkill it first"));
		}
		if (bot.mode() != BotMode.SIM) {
			return List.of(new Denial("SAFE_START_UNCHECKED", bot.mode()
					+ " bots need safe-start checks (connected data and broker, breaker, limits) that are not built yet;"
					+ " only SIM bots can start"));
		}
		return List.of();
	}

	record Denial(String code, String message) {
	}

}
