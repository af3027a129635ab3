package dev.observatory.autonomy;

import java.util.Optional;

import dev.observatory.bots.BotService;
import dev.observatory.bots.SafeStartCheck;
import dev.observatory.bots.SafeStartCode;

import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/** An open restart breaker refuses every start and restart until it is reset or cools down. */
@Component
@Order(5)
class BreakerCheck implements SafeStartCheck {

	private final Breakers breakers;

	BreakerCheck(Breakers breakers) {
		this.breakers = breakers;
	}

	@Override
	public Optional<Denial> check(BotService.Bot bot, Initiator initiator) {
		Breakers.State breaker = this.breakers.of(bot.id());
		if (breaker.state() == Breakers.BreakerState.OPEN) {
			return Optional.of(new Denial(SafeStartCode.CIRCUIT_OPEN,
					"The restart breaker of bot " + bot.name() + " is open after " + breaker.failures() + " failures within "
							+ bot.breakerWindowMinutes() + " min (since " + breaker.openedAt() + ")",
					"Find why it fails (GET /api/bots/{id}/instances: failure_summary), then an operator resets the breaker"
							+ " (POST /api/bots/{id}/breaker/reset)"));
		}
		return Optional.empty();
	}

}
