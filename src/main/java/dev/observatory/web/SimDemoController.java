package dev.observatory.web;

import java.util.Optional;

import dev.observatory.bots.BotLifecycle;
import dev.observatory.bots.BotService;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.PostMapping;

/**
 * The home page's one click to see a bot trade: creates the SIM demo bot if there is none, and
 * starts it. It is an ordinary SIM bot (simulated prices, paper fills, everything labelled
 * SIMULATED) that decides on 5-second bars, so it trades within minutes (at its first EMA cross:
 * about three in a smoke run of the built jar), and it passes the same safe-start gate as any other
 * start.
 */
@Controller
class SimDemoController {

	static final String NAME = "sim-demo";

	private static final String SPEC = """
			{"name": "sim-demo", "mode": "SIM", "instruments": ["MES"], "data_provider": "sim",
			 "strategy_key": "ema_crossover", "session_mode": "ALWAYS",
			 "strategy_params": {"fast_period": 3, "slow_period": 8, "bar_seconds": 5, "cooldown_seconds": 15},
			 "risk_limits": {"max_position": 1, "max_order_qty": 1, "max_daily_loss": 500, "max_orders_per_minute": 6}}""";

	private final BotService bots;

	private final BotLifecycle lifecycle;

	SimDemoController(BotService bots, BotLifecycle lifecycle) {
		this.bots = bots;
		this.lifecycle = lifecycle;
	}

	@PostMapping("/actions/sim-demo")
	String start() {
		Optional<BotService.Bot> existing = this.bots.all().stream().filter((bot) -> bot.name().equals(NAME)).findFirst();
		BotService.Bot bot = existing.orElseGet(() -> this.bots.create(JsonMapper.builder().build().readTree(SPEC)));
		if (!"RUNNING".equals(bot.desiredState())) {
			this.lifecycle.start(bot.id());
		}
		return "redirect:/?demo=" + bot.id();
	}

}
