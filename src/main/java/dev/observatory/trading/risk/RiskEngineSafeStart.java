package dev.observatory.trading.risk;

import java.util.Optional;

import dev.observatory.bots.BotService;
import dev.observatory.bots.SafeStartCheck;
import dev.observatory.bots.SafeStartCode;

import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/** Every bot places orders (paper ones too), and no order goes out without a connected risk engine. */
@Component
@Order(20)
class RiskEngineSafeStart implements SafeStartCheck {

	private final RiskEngine engine;

	RiskEngineSafeStart(RiskEngine engine) {
		this.engine = engine;
	}

	@Override
	public Optional<Denial> check(BotService.Bot bot, Initiator initiator) {
		RiskEngine.Connection connection = this.engine.connection();
		if (connection.connected()) {
			return Optional.empty();
		}
		return Optional.of(new Denial(SafeStartCode.RISK_ENGINE_DISCONNECTED, String.valueOf(connection.reason()),
				"Check the database and the service's logs: the risk engine's checker reloads the limits every beat"));
	}

}
