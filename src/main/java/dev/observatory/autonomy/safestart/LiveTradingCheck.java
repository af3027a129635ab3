package dev.observatory.autonomy.safestart;

import java.util.Optional;

import dev.observatory.bots.BotMode;
import dev.observatory.bots.BotService;
import dev.observatory.bots.SafeStartCheck;
import dev.observatory.bots.SafeStartCode;

import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/** A LIVE bot trades only when {@code is_trading_enabled} is true. */
@Component
@Order(10)
class LiveTradingCheck implements SafeStartCheck {

	@Override
	public Optional<Denial> check(BotService.Bot bot, Initiator initiator) {
		if (bot.mode() == BotMode.LIVE && !bot.isTradingEnabled()) {
			return Optional.of(new Denial(SafeStartCode.LIVE_TRADING_DISABLED,
					"Bot " + bot.name() + " is LIVE and is_trading_enabled is not true",
					"An administrator sets is_trading_enabled=true (PATCH /api/bots/{id}) once the bot may trade real money"));
		}
		return Optional.empty();
	}

}
