package dev.observatory.web;

import java.time.Clock;
import java.time.Duration;
import java.util.UUID;

import dev.observatory.bots.BotService;
import dev.observatory.bots.FleetHistory;
import dev.observatory.common.paging.Cursor;
import dev.observatory.traces.DecisionTraces;
import dev.observatory.traces.NoTradeTraces;
import dev.observatory.variables.VariableQueries;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;

/**
 * A bot's page: its detail, actions, runner instances and jobs, the variables it read in 24 h, its
 * positions and orders, and the two drawers — Why This Trade (decision traces) and Why Not (no-trade
 * traces). Everything carries its SIMULATED / PAPER / LIVE label.
 */
@Controller
class BotPageController {

	private static final int TRACES = 50;

	private final BotService bots;

	private final FleetHistory history;

	private final DecisionTraces decisions;

	private final NoTradeTraces noTrades;

	private final VariableQueries variables;

	private final ObservatoryReads reads;

	private final BotActions actions;

	private final PageModel page;

	private final Clock clock;

	BotPageController(BotService bots, FleetHistory history, DecisionTraces decisions, NoTradeTraces noTrades,
			VariableQueries variables, ObservatoryReads reads, BotActions actions, PageModel page, Clock clock) {
		this.bots = bots;
		this.history = history;
		this.decisions = decisions;
		this.noTrades = noTrades;
		this.variables = variables;
		this.reads = reads;
		this.actions = actions;
		this.page = page;
		this.clock = clock;
	}

	@GetMapping("/bots/{id}")
	String page(@PathVariable UUID id, Model model) {
		BotService.Bot bot = this.bots.get(id);
		ObservatoryReads.BotFacts facts = this.reads.facts(java.util.List.of(id))
			.getOrDefault(id, ObservatoryReads.BotFacts.NONE);
		model.addAttribute("bot", bot);
		model.addAttribute("facts", facts);
		// The banner's verdict judges the actions too: the page shows one verdict.
		StatusView status = this.page.addLayout(model);
		model.addAttribute("actions", this.actions.of(bot, facts.breaker(), status).values());
		model.addAttribute("instances", this.history.instances(id));
		model.addAttribute("jobs", this.history.jobs(id));
		model.addAttribute("variables", this.variables.ofBot(id, this.clock.instant(), Duration.ofHours(24)));
		model.addAttribute("positions", this.reads.positions(id));
		model.addAttribute("orders", this.reads.orders(id, 50));
		return "bot";
	}

	@GetMapping("/ui/bots/{id}/why-trade")
	String whyTrade(@PathVariable UUID id, Model model) {
		model.addAttribute("traces", this.decisions.page(id, null, null, null, TRACES, Cursor.START));
		return "fragments/traces :: why-trade";
	}

	@GetMapping("/ui/bots/{id}/why-not")
	String whyNot(@PathVariable UUID id, Model model) {
		model.addAttribute("traces", this.noTrades.page(id, null, null, null, TRACES, Cursor.START));
		return "fragments/traces :: why-not";
	}

}
