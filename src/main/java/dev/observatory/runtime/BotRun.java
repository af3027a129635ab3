package dev.observatory.runtime;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import dev.observatory.bots.BotDrills;
import dev.observatory.bots.BotService;
import dev.observatory.telemetry.CallingContext;
import dev.observatory.trading.Instrument;
import dev.observatory.trading.Instruments;
import dev.observatory.trading.MarketTick;
import dev.observatory.trading.sim.SimulatedPriceFeed;
import dev.observatory.trading.strategy.EmaCrossover;
import org.jspecify.annotations.Nullable;

/**
 * One bot's run loop on one instance: ticks from its feed to its strategy, one iteration at a
 * time. It records when it last completed an iteration; the host heartbeats only for loops that
 * did, so a loop stuck inside an iteration stops heartbeating and is caught as stuck.
 */
final class BotRun implements Runnable {

	private final UUID instanceId;

	private final UUID jobId;

	private final BotService.Bot bot;

	private final Clock clock;

	private final Duration tickInterval;

	private final double simVolatility;

	private final Failure onFailure;

	private volatile @Nullable Instant lastIteration;

	private volatile boolean cancelled;

	private volatile BotDrills.@Nullable Drill drill;

	private volatile @Nullable Thread thread;

	BotRun(UUID instanceId, UUID jobId, BotService.Bot bot, Clock clock, Duration tickInterval, double simVolatility,
			Failure onFailure) {
		this.instanceId = instanceId;
		this.jobId = jobId;
		this.bot = bot;
		this.clock = clock;
		this.tickInterval = tickInterval;
		this.simVolatility = simVolatility;
		this.onFailure = onFailure;
	}

	@Override
	public void run() {
		this.thread = Thread.currentThread();
		try {
			CallingContext.runAs(this.bot.id(), this.bot.accountId(), this::loop);
			if (!this.cancelled) {
				// A loop only ends when told to; ending on its own is a failure, not a quiet exit.
				this.onFailure.crashed(this, new IllegalStateException("the run loop ended without being stopped"));
			}
		}
		catch (RuntimeException ex) {
			if (!this.cancelled) {
				this.onFailure.crashed(this, ex);
			}
		}
	}

	private void loop() {
		if (!"sim".equals(this.bot.dataProvider())) {
			// Fail closed: only the SIM feed exists yet; a bot never runs on data it does not have.
			throw new IllegalStateException("data provider " + this.bot.dataProvider() + " is not built yet");
		}
		String symbol = this.bot.instruments().get(0);
		Instrument instrument = Instruments.find(symbol)
			.orElseThrow(() -> new IllegalStateException("no instrument definition for " + symbol));
		SimulatedPriceFeed feed = new SimulatedPriceFeed(instrument, this.instanceId.getLeastSignificantBits(),
				this.simVolatility, this.bot.sessionMode() == BotService.SessionMode.ALWAYS);
		Map<?, ?> params = this.bot.strategyParams();
		EmaCrossover strategy = new EmaCrossover(((Number) params.get("fast_period")).intValue(),
				((Number) params.get("slow_period")).intValue());
		while (!this.cancelled) {
			obeyDrill();
			if (this.cancelled || Thread.currentThread().isInterrupted()) {
				return;
			}
			feed.next(this.clock.instant()).map(MarketTick::price).ifPresent(strategy::onPrice);
			this.lastIteration = this.clock.instant();
			try {
				Thread.sleep(this.tickInterval);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
		}
	}

	/** A drill makes the loop fail the way a real bot fails: it throws, or it blocks and stops iterating. */
	private void obeyDrill() {
		BotDrills.Drill requested = this.drill;
		if (requested == BotDrills.Drill.CRASH) {
			throw new SimulatedCrashException();
		}
		if (requested == BotDrills.Drill.HANG) {
			// Blocks like a strategy stuck in a call that never returns; only a cancel (interrupt) ends it.
			while (!this.cancelled) {
				try {
					Thread.sleep(Duration.ofMinutes(1));
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					return;
				}
			}
		}
	}

	/** Applies a drill from the next iteration on; a later request of the same drill changes nothing. */
	void drill(BotDrills.Drill requested) {
		this.drill = requested;
	}

	/** Ends the loop: it finishes its current iteration (or its wait) and returns. */
	void cancel() {
		this.cancelled = true;
		Thread running = this.thread;
		if (running != null) {
			running.interrupt();
		}
	}

	UUID instanceId() {
		return this.instanceId;
	}

	UUID jobId() {
		return this.jobId;
	}

	UUID botId() {
		return this.bot.id();
	}

	@Nullable Instant lastIteration() {
		return this.lastIteration;
	}

	@FunctionalInterface
	interface Failure {

		void crashed(BotRun run, RuntimeException failure);

	}

}
