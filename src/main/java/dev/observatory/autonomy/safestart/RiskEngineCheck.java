package dev.observatory.autonomy.safestart;

import java.util.Optional;

import dev.observatory.bots.BotMode;
import dev.observatory.bots.BotService;
import dev.observatory.bots.SafeStartCheck;
import dev.observatory.bots.SafeStartCode;

import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * PAPER and LIVE bots place orders, and no order goes out without a connected risk engine. This
 * build has none yet (the trading runtime brings it), so they are refused: fail closed. SIM bots in
 * this build compute signals on simulated data and place no orders.
 */
@Component
@Order(20)
class RiskEngineCheck implements SafeStartCheck {

	@Override
	public Optional<Denial> check(BotService.Bot bot, Initiator initiator) {
		if (bot.mode() != BotMode.SIM) {
			return Optional.of(new Denial(SafeStartCode.RISK_ENGINE_DISCONNECTED,
					"No risk engine is connected: " + bot.mode() + " bots place orders, and this build has no risk engine yet",
					"Run the bot in SIM mode until the trading runtime (risk engine, execution) is deployed"));
		}
		return Optional.empty();
	}

}
