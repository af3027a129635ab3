package dev.observatory.trading;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import dev.observatory.bots.BotService;
import dev.observatory.common.time.Ids;
import dev.observatory.common.trace.Traces;
import dev.observatory.trading.execution.ExecutionLedger;
import dev.observatory.trading.execution.OrderTicket;
import dev.observatory.trading.execution.PaperVenue;
import dev.observatory.trading.execution.Venue;
import dev.observatory.trading.execution.Position;
import dev.observatory.trading.risk.OrderRequest;
import dev.observatory.trading.risk.RiskDenial;
import dev.observatory.trading.review.AiReviewer;
import dev.observatory.trading.risk.RiskEngine;
import dev.observatory.trading.strategy.BarIndicators;
import dev.observatory.trading.strategy.Signal;
import dev.observatory.trading.strategy.Strategy;
import dev.observatory.traces.DecisionTraces;
import dev.observatory.traces.NoTradeTraces;
import dev.observatory.traces.SuppressionType;
import dev.observatory.variables.Variable;
import dev.observatory.variables.VariableBook;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

/**
 * What one bot does in one run, one step per iteration of its run loop: take the next trade from
 * its feed, fill its working paper orders against it, update its variables, and at each bar
 * boundary decide — then explain the decision. A trade idea passes the trading hours, the cooldown,
 * the AI reviewer (entries of bots that name one) and the risk engine before it is placed (a decision trace); whatever stops it is
 * a no-trade trace with the stopping reason, and so is a bar with no data to decide on.
 */
public final class BotTrader {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	/** The execution variables come from the venue's ledger, not from a data provider. */
	private static final String EXECUTION = "execution";

	private final Setup setup;

	private final RiskEngine risk;

	private final ExecutionLedger ledger;

	private final DecisionTraces decisions;

	private final NoTradeTraces noTrades;

	private final BarIndicators indicators;

	private final UUID botId;

	/** The bot's trading window, read once: it is asked on every trade. */
	private final @Nullable TradingWindow window;

	private Position position;

	private BigDecimal realizedToday;

	private LocalDate pnlDay;

	private @Nullable MarketTick lastTick;

	private @Nullable Instant decisionBucket;

	private Instant cooldownUntil = Instant.MIN;

	private long orders;

	private long judged;

	private final AiReviewer reviewer;

	private @Nullable LocalDate aiTokensDay;

	private long aiTokensToday;

	BotTrader(Setup setup, RiskEngine risk, ExecutionLedger ledger, DecisionTraces decisions, NoTradeTraces noTrades,
			AiReviewer reviewer, Clock clock) {
		this.setup = setup;
		this.reviewer = reviewer;
		this.risk = risk;
		this.ledger = ledger;
		this.decisions = decisions;
		this.noTrades = noTrades;
		this.botId = setup.bot().id();
		this.window = TradingWindow.fromMap(setup.bot().tradingWindow());
		Instant now = clock.instant();
		Map<?, ?> params = setup.bot().strategyParams();
		this.indicators = new BarIndicators(setup.variables(), setup.barSize(),
				TradingRuntime.number(params, "fast_period"), TradingRuntime.number(params, "slow_period"),
				Duration.ofMinutes(TradingRuntime.number(params, "range_minutes")), this::rangeDay);
		// Paper orders of a run that ended without closing (a killed process) can no longer fill.
		ledger.cancelWorking(this.botId, "RUN_ENDED", now);
		// A restarted run carries on from what was booked: its position and today's realised P&L.
		this.position = ledger.position(this.botId, setup.instrument().symbol());
		this.pnlDay = LocalDate.ofInstant(now, ZoneOffset.UTC);
		this.realizedToday = ledger.realizedSince(this.botId, this.pnlDay.atStartOfDay().toInstant(ZoneOffset.UTC));
		this.decisionBucket = bucket(now);
	}

	/**
	 * Seeds the bar indicators from the provider's recent one-minute bars (before the first step).
	 *
	 * @return the strategy-size bars seeded
	 */
	public int warmUp(java.util.List<MinuteBar> history, Instant now) {
		return this.indicators.warmUp(history, now);
	}

	/** One iteration of the run loop at {@code now}. */
	public void step(Instant now) {
		Optional<MarketTick> next = this.setup.feed().next(now);
		if (next.isPresent()) {
			MarketTick tick = next.get();
			this.lastTick = tick;
			for (PaperVenue.Filled filled : this.setup.venue().onTick(tick)) {
				onFill(filled);
			}
			this.indicators.onTrade(tick);
			updateExecutionVariables(tick);
		}
		Instant bucket = bucket(now);
		if (!bucket.equals(this.decisionBucket)) {
			this.decisionBucket = bucket;
			decide(now);
		}
		this.setup.variables().flushIfDue(now);
	}

	/** The end of the run: counts written, paper orders that can no longer fill cancelled. */
	public void close(Instant now) {
		if (this.setup.feed() instanceof AutoCloseable closeable) {
			try {
				closeable.close();
			}
			catch (Exception ex) {
				throw new IllegalStateException("the feed could not be closed", ex);
			}
		}
		this.setup.variables().flush(now);
		this.setup.venue().close(now);
	}

	/** How many bar boundaries this run has judged (a decision, whether or not it traded). */
	public long decisions() {
		return this.judged;
	}

	private void decide(Instant now) {
		this.judged++;
		Optional<String> closed = TradingHours.closedReason(this.setup.instrument(), this.setup.ignoreExchange(),
				this.window, now);
		MarketTick tick = this.lastTick;
		Duration staleAfter = this.setup.feed().staleAfter(this.setup.dataStaleAfter());
		if (tick == null || Duration.between(tick.time(), now).compareTo(staleAfter) > 0) {
			// Nothing to decide on: the market is closed (no trades expected), or the data is missing.
			if (closed.isPresent()) {
				suppress(SuppressionType.OUTSIDE_SESSION, closed.get(), false, now);
			}
			else {
				String fallback = this.setup.bot().fallbackProvider();
				suppress(SuppressionType.DATA_MISSING, "No trade of " + this.setup.instrument().symbol() + " from "
						+ this.setup.bot().dataProvider() + ((fallback != null) ? " or its fallback " + fallback : "")
						+ " within " + staleAfter.toSeconds() + " s during the session", false, now);
			}
			return;
		}
		Signal signal = this.setup.strategy().onBar(this.setup.variables(), now);
		if (closed.isPresent()) {
			suppress(SuppressionType.OUTSIDE_SESSION, closed.get() + (signal.isTrade() ? ": would have "
					+ signal.action() + " (" + signal.reasonCode() + ")" : ""), signal.isTrade(), now);
			return;
		}
		if (!signal.isTrade() || this.setup.venue().hasWorking()) {
			return;
		}
		if (signal.action().isEntry() && now.isBefore(this.cooldownUntil)) {
			suppress(SuppressionType.COOLDOWN, "Cooling down after an exit until " + this.cooldownUntil.truncatedTo(ChronoUnit.SECONDS)
					+ ": would have " + signal.action() + " (" + signal.reasonCode() + ")", true, now);
			return;
		}
		AiReviewer.@Nullable Review review = null;
		if (signal.action().isEntry() && this.setup.bot().aiProvider() != null) {
			review = review(signal, now);
			if (review.outcome() != AiReviewer.Outcome.APPROVE) {
				boolean veto = review.outcome() == AiReviewer.Outcome.VETO;
				suppress(veto ? SuppressionType.AI_VETO : SuppressionType.AI_UNAVAILABLE,
						(veto ? "Vetoed by " + review.model() + ": " : "") + review.reason() + ": would have "
								+ signal.action() + " (" + signal.reasonCode() + ")",
						true, now);
				return;
			}
		}
		place(signal, tick, review, now);
	}

	/** Asks the bot's AI provider; the run keeps count of the tokens spent today against the budget. */
	private AiReviewer.Review review(Signal signal, Instant now) {
		LocalDate day = LocalDate.ofInstant(now, ZoneOffset.UTC);
		if (!day.equals(this.aiTokensDay)) {
			this.aiTokensDay = day;
			this.aiTokensToday = this.reviewer.tokensUsedToday(this.botId, now);
		}
		AiReviewer.Review review = this.reviewer.review(this.setup.bot(), this.setup.instrument().symbol(), signal,
				this.setup.variables().snapshot(now), this.aiTokensToday);
		this.aiTokensToday += review.tokens();
		return review;
	}

	private void place(Signal signal, MarketTick tick, AiReviewer.@Nullable Review review, Instant now) {
		boolean entry = signal.action().isEntry();
		boolean buy = (signal.action() == Signal.Action.ENTER_LONG) || (!entry && this.position.quantity().signum() < 0);
		BigDecimal quantity = entry ? BigDecimal.valueOf(this.setup.quantity()) : this.position.quantity().abs();
		BigDecimal decisionPrice = tick.price();
		OrderRequest request = new OrderRequest(this.botId, this.setup.instrument(), buy, entry, quantity, decisionPrice,
				tick.price(), this.position.quantity(), dailyPnl(tick.price()), now);
		Optional<RiskDenial> denial = this.risk.check(request);
		if (denial.isPresent()) {
			suppress(suppressionOf(denial.get().code()), denial.get().code() + ": " + denial.get().message()
					+ ": would have " + signal.action() + " (" + signal.reasonCode() + ")", true, now);
			return;
		}
		UUID tradeLogId = entry ? Ids.newId() : java.util.Objects.requireNonNull(this.position.openTradeId(),
				"an exit needs the open trade");
		String traceId = Traces.newTraceId();
		this.orders++;
		UUID orderId = Ids.newId();
		OrderTicket ticket = new OrderTicket(orderId, this.setup.instanceId() + "-" + this.orders, this.botId,
				this.setup.instanceId(), this.setup.instrument().symbol(), buy, entry, quantity, decisionPrice, tradeLogId,
				this.setup.bot().mode().name(), tick.dataSource(), traceId, now);
		String refused = this.setup.venue().place(ticket);
		Map<String, Object> snapshot = new java.util.LinkedHashMap<>(this.setup.variables().snapshot(now));
		Map<String, Object> order = new java.util.LinkedHashMap<>();
		order.put("id", orderId.toString());
		order.put("side", ticket.side());
		order.put("quantity", quantity);
		order.put("venue", this.setup.venue().key());
		order.put("decision_price", decisionPrice);
		// The decision stands either way; the trace says what the venue did with it.
		order.put("status", (refused == null) ? "WORKING" : "REJECTED");
		if (refused != null) {
			order.put("rejected_because", refused);
		}
		snapshot.put("order", order);
		if (review != null) {
			snapshot.put("ai_review", Map.of("provider", String.valueOf(this.setup.bot().aiProvider()), "model",
					String.valueOf(review.model()), "decision", review.outcome().name(), "reason", review.reason()));
		}
		this.decisions.record(this.botId, now, entry ? "ENTER" : "EXIT", JSON.valueToTree(signal.reasons()),
				JSON.valueToTree(snapshot), signal.confidence(), (refused == null) ? tradeLogId : null, tick.dataSource(),
				"RUNTIME", traceId);
	}

	private void onFill(PaperVenue.Filled filled) {
		this.position = filled.booked().position();
		if (!filled.ticket().entry()) {
			rollPnlDay(filled.ticket().at());
			this.realizedToday = this.realizedToday.add(filled.booked().realizedPnl());
			this.cooldownUntil = filled.ticket().at().plus(this.setup.cooldown());
		}
	}

	private void updateExecutionVariables(MarketTick tick) {
		VariableBook book = this.setup.variables();
		book.set(Variable.POSITION_QTY, this.position.quantity().doubleValue(), tick.time(), EXECUTION);
		book.set(Variable.UNREALIZED_PNL,
				this.position.unrealized(tick.price(), this.setup.instrument().pointValue()).doubleValue(), tick.time(),
				EXECUTION);
		rollPnlDay(tick.time());
		book.set(Variable.DAILY_PNL, dailyPnl(tick.price()).doubleValue(), tick.time(), EXECUTION);
	}

	private BigDecimal dailyPnl(BigDecimal price) {
		return this.realizedToday.add(this.position.unrealized(price, this.setup.instrument().pointValue()));
	}

	private void rollPnlDay(Instant at) {
		LocalDate day = LocalDate.ofInstant(at, ZoneOffset.UTC);
		if (!day.equals(this.pnlDay)) {
			this.pnlDay = day;
			this.realizedToday = BigDecimal.ZERO;
		}
	}

	private void suppress(SuppressionType type, String reason, boolean wouldHaveTraded, Instant now) {
		String source = (this.lastTick != null) ? this.lastTick.dataSource() : this.setup.bot().dataProvider();
		this.noTrades.record(this.botId, now, type, reason, wouldHaveTraded, source, "RUNTIME", Traces.newTraceId());
	}

	private static SuppressionType suppressionOf(RiskDenial.Code code) {
		return switch (code) {
			case OUTSIDE_SESSION -> SuppressionType.OUTSIDE_SESSION;
			case LIVE_TRADING_DISABLED -> SuppressionType.LIVE_TRADING_DISABLED;
			case REDUCE_ONLY -> SuppressionType.KILL_SWITCH;
			default -> SuppressionType.RISK_BLOCK;
		};
	}

	/** The trading day of the opening range: the exchange's day, counted only inside the bot's window. */
	private @Nullable LocalDate rangeDay(Instant at) {
		Instrument.Sessions sessions = this.setup.instrument().sessions();
		if (this.window != null && !this.window.contains(at)) {
			return null;
		}
		var local = at.atZone(sessions.zone());
		// An overnight session's day starts at its evening open (CME Globex: 17:00 Chicago is the next day).
		return (sessions.overnight() && !local.toLocalTime().isBefore(sessions.open())) ? local.toLocalDate().plusDays(1)
				: local.toLocalDate();
	}

	private Instant bucket(Instant now) {
		long millis = this.setup.barSize().toMillis();
		return Instant.ofEpochMilli(Math.floorDiv(now.toEpochMilli(), millis) * millis);
	}

	/** Everything a run trades with, built by {@link TradingRuntime}. */
	record Setup(BotService.Bot bot, UUID instanceId, Instrument instrument, boolean ignoreExchange, MarketFeed feed,
			Strategy strategy, VariableBook variables, Venue venue, Duration barSize, int quantity,
			Duration cooldown, Duration dataStaleAfter) {
	}

}
