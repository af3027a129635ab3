package dev.observatory.web;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.observatory.autonomy.SchedulerStatus;
import dev.observatory.bots.AccountService;
import dev.observatory.bots.BotService;
import dev.observatory.common.error.ApiException;
import dev.observatory.common.error.CommonErrorCode;
import dev.observatory.common.trace.Traces;
import dev.observatory.scoring.AutonomyScores;
import dev.observatory.trading.risk.RiskLimits;
import org.jspecify.annotations.Nullable;

import org.springframework.dao.DataAccessException;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The Control Plane Observatory: the full page ({@code /observatory}) and the tab fragments it and the
 * drawer load ({@code /ui/tabs/{tab}}). Fleet tabs (Autonomy, Resilience, Events) live here; the
 * provider tabs in {@link ProviderTabs}.
 */
@Controller
class ObservatoryController {

	/** The tabs, in order. */
	static final List<String> TABS = PageModel.TABS.stream().map(PageModel.Tab::key).toList();

	/** Rows the bots table shows; more are counted, not listed. */
	private static final int MAX_BOTS = 200;

	private final PageStatus status;

	private final BotService bots;

	private final AccountService accounts;

	private final BotActions actions;

	private final ObservatoryReads reads;

	private final SchedulerStatus scheduler;

	private final AutonomyScores scores;

	private final ProviderTabs providerTabs;

	private final Traces traces;

	private final Clock clock;

	private final PageModel page;

	ObservatoryController(PageStatus status, BotService bots, AccountService accounts, BotActions actions,
			ObservatoryReads reads, SchedulerStatus scheduler, AutonomyScores scores, ProviderTabs providerTabs,
			Traces traces, Clock clock, PageModel page) {
		this.page = page;
		this.status = status;
		this.bots = bots;
		this.accounts = accounts;
		this.actions = actions;
		this.reads = reads;
		this.scheduler = scheduler;
		this.scores = scores;
		this.providerTabs = providerTabs;
		this.traces = traces;
		this.clock = clock;
	}

	@GetMapping("/observatory")
	String page(@RequestParam(defaultValue = "autonomy") String tab, Model model) {
		this.page.addLayout(model);
		model.addAttribute("tab", TABS.contains(tab) ? tab : "autonomy");
		return "observatory";
	}

	@GetMapping("/ui/tabs/{tab}")
	String tab(@PathVariable String tab, @RequestParam(required = false) @Nullable String source,
			@RequestParam(required = false) @Nullable UUID bot, Model model) {
		switch (tab) {
			case "autonomy" -> autonomy(model);
			case "resilience" -> resilience(model);
			case "events" -> events(source, bot, model);
			case "proof", "connections", "ai-ops", "variables" -> this.providerTabs.fill(tab, model);
			default -> throw new ApiException(CommonErrorCode.NOT_FOUND, "No tab " + tab + "; the tabs are " + TABS);
		}
		return "tabs/" + tab + " :: panel";
	}

	/** The breakdown of one bot's score and what blocks it, computed now (the Autonomy tab's expanded row). */
	@GetMapping("/ui/bots/{id}/autonomy")
	String botAutonomy(@PathVariable UUID id, Model model) {
		model.addAttribute("score", this.scores.now(id));
		return "tabs/autonomy :: breakdown";
	}

	private void autonomy(Model model) {
		StatusView view = this.status.current();
		try {
			model.addAttribute("accounts", this.accounts.all());
		}
		catch (DataAccessException ex) {
			view = view.withUnavailable("accounts", this.traces.currentTraceId());
			model.addAttribute("accountsError", ex.getClass().getSimpleName());
		}
		List<BotService.Bot> all = this.bots.all();
		List<BotService.Bot> shown = all.stream().limit(MAX_BOTS).toList();
		Map<UUID, ObservatoryReads.BotFacts> facts = this.reads.facts(shown.stream().map(BotService.Bot::id).toList());
		StatusView judged = view;
		List<BotRow> rows = shown.stream().map((bot) -> {
			ObservatoryReads.BotFacts fact = facts.getOrDefault(bot.id(), ObservatoryReads.BotFacts.NONE);
			RiskLimits limits = RiskLimits.of(bot.riskLimits());
			return new BotRow(bot, fact, percent(fact.realizedToday().negate().max(BigDecimal.ZERO), limits.maxDailyLoss()),
					percent(fact.maxAbsPosition(), limits.maxPosition()),
					List.copyOf(this.actions.of(bot, fact.breaker(), judged).values()));
		}).toList();
		model.addAttribute("rows", rows);
		model.addAttribute("botCount", all.size());
	}

	/**
	 * One row of the bots table.
	 *
	 * @param dailyLossUsed today's loss as a percentage of the bot's daily loss limit
	 * @param positionUsed its largest position as a percentage of its position limit
	 */
	record BotRow(BotService.Bot bot, ObservatoryReads.BotFacts facts, int dailyLossUsed, int positionUsed,
			List<BotActions.Availability> actions) {

		public String dailyLossTone() {
			return tone(this.dailyLossUsed);
		}

		public String positionTone() {
			return tone(this.positionUsed);
		}

		/** ok below 80 %, warn (amber) from 80 %, bad at the limit. */
		private static String tone(int percent) {
			return (percent >= 100) ? "bad" : (percent >= 80) ? "warn" : "ok";
		}

	}

	private static int percent(BigDecimal used, BigDecimal limit) {
		if (limit.signum() <= 0) {
			return 0;
		}
		return used.multiply(BigDecimal.valueOf(100)).divide(limit, 0, RoundingMode.HALF_UP).intValue();
	}

	private void resilience(Model model) {
		model.addAttribute("scheduler", this.scheduler.report());
		Instant since = this.clock.instant().minus(Duration.ofHours(24));
		model.addAttribute("incidents", this.reads.incidents(since, 100));
	}

	private void events(@Nullable String source, @Nullable UUID bot, Model model) {
		String filter = (source != null && ObservatoryReads.SOURCES.contains(source)) ? source : null;
		model.addAttribute("sources", ObservatoryReads.SOURCES);
		model.addAttribute("source", filter);
		model.addAttribute("bot", bot);
		model.addAttribute("events", this.reads.events(filter, bot, 100));
	}

}
