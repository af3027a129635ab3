package dev.observatory.trading;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.observatory.bots.AccountService;
import dev.observatory.bots.BotMode;
import dev.observatory.bots.BotService;
import dev.observatory.bots.StrategyCatalog;
import dev.observatory.common.secrets.SecretMasker;
import dev.observatory.integrations.client.ProviderCallException;
import dev.observatory.trading.execution.ExecutionLedger;
import dev.observatory.trading.execution.BrokerVenues;
import dev.observatory.trading.execution.Venue;
import dev.observatory.trading.execution.PaperVenue;
import dev.observatory.trading.marketdata.MarketDataRouter;
import dev.observatory.trading.marketdata.WarmUpBars;
import dev.observatory.trading.review.AiReviewer;
import dev.observatory.trading.risk.RiskEngine;
import dev.observatory.trading.sim.SimulatedPriceFeed;
import dev.observatory.trading.strategy.EmaCrossover;
import dev.observatory.trading.strategy.OpeningRangeBreakout;
import dev.observatory.trading.strategy.Strategy;
import dev.observatory.traces.DecisionTraces;
import dev.observatory.traces.NoTradeTraces;
import dev.observatory.variables.VariableAccessLog;
import dev.observatory.variables.VariableBook;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Service;

/** Builds what a bot trades with in one run: its feed, variables, strategy, venue and the shared risk engine. */
@Service
public class TradingRuntime {

	private static final Logger log = LoggerFactory.getLogger(TradingRuntime.class);

	private final RiskEngine risk;

	private final ExecutionLedger ledger;

	private final DecisionTraces decisions;

	private final NoTradeTraces noTrades;

	private final VariableAccessLog variables;

	private final TradingProperties properties;

	private final Clock clock;

	private final MarketDataRouter router;

	private final AiReviewer reviewer;

	private final AccountService accounts;

	private final BrokerVenues brokers;

	private final WarmUpBars history;

	TradingRuntime(MarketDataRouter router, WarmUpBars history, AiReviewer reviewer, AccountService accounts,
			BrokerVenues brokers, RiskEngine risk, ExecutionLedger ledger, DecisionTraces decisions, NoTradeTraces noTrades,
			VariableAccessLog variables, TradingProperties properties, Clock clock) {
		this.router = router;
		this.reviewer = reviewer;
		this.accounts = accounts;
		this.brokers = brokers;
		this.history = history;
		this.risk = risk;
		this.ledger = ledger;
		this.decisions = decisions;
		this.noTrades = noTrades;
		this.variables = variables;
		this.properties = properties;
		this.clock = clock;
	}

	/**
	 * A trader for one run of {@code bot}.
	 *
	 * @param seed the SIM feed's seed
	 * @throws IllegalStateException when the bot cannot trade in this build (no such feed or strategy):
	 * the run fails rather than run on something it does not have
	 */
	public BotTrader open(BotService.Bot bot, UUID instanceId, long seed, double simVolatility) {
		String symbol = bot.instruments().get(0);
		Instrument instrument = Instruments.find(symbol)
			.orElseThrow(() -> new IllegalStateException("no instrument definition for " + symbol));
		boolean ignoreExchange = bot.sessionMode() == BotService.SessionMode.ALWAYS && !"LIVE".equals(bot.mode().name());
		// The SIM feed serves SIM bots only (bot validation holds that); everyone else gets real data, routed.
		MarketFeed feed = Instruments.SIM.equals(bot.dataProvider())
				? new SimulatedPriceFeed(instrument, seed, simVolatility, ignoreExchange)
				: this.router.open(bot.id(), bot.accountId(), instrument, bot.dataProvider(), bot.fallbackProvider(),
						ignoreExchange);
		Venue venue = null;
		try {
			venue = venue(bot, instrument);
			Map<?, ?> params = bot.strategyParams();
			VariableBook book = this.variables.open(bot.id(), bot.mode().name());
			BotTrader.Setup setup = new BotTrader.Setup(bot, instanceId, instrument, ignoreExchange, feed, strategy(bot),
					book, venue, Duration.ofSeconds(number(params, "bar_seconds")), number(params, "quantity"),
					Duration.ofSeconds(number(params, "cooldown_seconds")), this.properties.dataStaleAfter());
			BotTrader trader = new BotTrader(setup, this.risk, this.ledger, this.decisions, this.noTrades, this.reviewer,
					this.clock);
			if (!Instruments.SIM.equals(bot.dataProvider())) {
				warmUp(trader, bot, instrument, setup.barSize());
			}
			return trader;
		}
		catch (RuntimeException ex) {
			// A run that cannot start must not leave its market data session or its broker socket open.
			if (venue != null) {
				venue.close(this.clock.instant());
			}
			if (feed instanceof AutoCloseable closeable) {
				try {
					closeable.close();
				}
				catch (Exception suppressed) {
					ex.addSuppressed(suppressed);
				}
			}
			throw ex;
		}
	}

	/**
	 * Real-data runs start with their indicators seeded from the provider's history (the primary, then
	 * the fallback). Without it the run still trades: its EMAs and ATR wait for live bars, as they would.
	 */
	private void warmUp(BotTrader trader, BotService.Bot bot, Instrument instrument, Duration barSize) {
		if (barSize.isZero() || barSize.toSeconds() % 60 != 0) {
			return; // history comes in whole minutes: bars of seconds wait for live trades
		}
		Map<?, ?> params = bot.strategyParams();
		int bars = Math.max(number(params, "slow_period"), 14) + 1;
		int minutes = (int) barSize.toMinutes() * bars;
		for (String provider : java.util.stream.Stream.of(bot.dataProvider(), bot.fallbackProvider())
			.filter(java.util.Objects::nonNull)
			.toList()) {
			try {
				List<MinuteBar> recent = this.history.recent(provider, instrument, minutes);
				if (!recent.isEmpty()) {
					int seeded = trader.warmUp(recent, this.clock.instant());
					log.info("Bot {} warmed up on {} bar(s) of {} history from {}", bot.id(), seeded, instrument.symbol(),
							provider);
					return;
				}
			}
			catch (ProviderCallException ex) {
				log.warn("Bot {} could not warm up from {}'s history ({}); its indicators wait for live bars", bot.id(),
						provider, SecretMasker.describe(ex, 200));
			}
		}
		log.info("Bot {} found no {} history to warm up on; its indicators wait for live bars", bot.id(),
				instrument.symbol());
	}

	/** SIM and PAPER bots fill on paper; LIVE bots at their account's broker (Tradovate or Ironbeam). */
	private Venue venue(BotService.Bot bot, Instrument instrument) {
		if (bot.mode() != BotMode.LIVE) {
			return new PaperVenue(this.ledger, instrument, this.properties.paperSlippageTicks());
		}
		AccountService.Account account = this.accounts.find(java.util.Objects.requireNonNull(bot.accountId()))
			.orElseThrow(() -> new IllegalStateException("the LIVE bot's account is gone"));
		return this.brokers.forRun(bot.id(), account.id(), account.broker(), account.externalId(), instrument);
	}

	private static Strategy strategy(BotService.Bot bot) {
		Map<?, ?> params = bot.strategyParams();
		return switch (bot.strategyKey()) {
			case StrategyCatalog.EMA_CROSSOVER -> new EmaCrossover(number(params, "fast_period"),
					number(params, "slow_period"));
			case StrategyCatalog.OPENING_RANGE_BREAKOUT -> new OpeningRangeBreakout();
			default -> throw new IllegalStateException("strategy " + bot.strategyKey() + " is not built");
		};
	}

	/** A stored parameter; bots stored before a parameter existed get its catalog default. */
	static int number(Map<?, ?> params, String name) {
		Object value = params.get(name);
		if (value instanceof Number number) {
			return number.intValue();
		}
		return StrategyCatalog.defaultOf(name)
			.orElseThrow(() -> new IllegalStateException("strategy parameter " + name + " has no value"));
	}

}
