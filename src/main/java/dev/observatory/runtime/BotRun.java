package dev.observatory.runtime;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import dev.observatory.bots.BotDrills;
import dev.observatory.bots.BotService;
import dev.observatory.telemetry.CallingContext;
import dev.observatory.common.secrets.SecretMasker;
import dev.observatory.trading.BotTrader;
import dev.observatory.trading.TradingRuntime;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One bot's run loop on one instance: one step of its trader per iteration, one iteration at a
 * time. It records when it last completed an iteration; the host heartbeats only for loops that
 * did, so a loop stuck inside an iteration stops heartbeating and is caught as stuck.
 */
final class BotRun implements Runnable {

	private static final Logger log = LoggerFactory.getLogger(BotRun.class);

	private final UUID instanceId;

	private final UUID jobId;

	private final BotService.Bot bot;

	private final Clock clock;

	private final Duration tickInterval;

	private final double simVolatility;

	private final Failure onFailure;

	private final TradingRuntime trading;

	private volatile @Nullable Instant lastIteration;

	private volatile boolean cancelled;

	private volatile BotDrills.@Nullable Drill drill;

	private volatile @Nullable Thread thread;

	BotRun(UUID instanceId, UUID jobId, BotService.Bot bot, TradingRuntime trading, Clock clock, Duration tickInterval,
			double simVolatility, Failure onFailure) {
		this.trading = trading;
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
		BotTrader trader = this.trading.open(this.bot, this.instanceId, this.instanceId.getLeastSignificantBits(),
				this.simVolatility);
		try {
			while (!this.cancelled) {
				obeyDrill();
				if (this.cancelled || Thread.currentThread().isInterrupted()) {
					return;
				}
				trader.step(this.clock.instant());
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
		finally {
			closeQuietly(trader);
		}
	}

	/** A failure to close (the database gone) must not hide the failure that ended the loop. */
	private void closeQuietly(BotTrader trader) {
		try {
			trader.close(this.clock.instant());
		}
		catch (RuntimeException ex) {
			log.warn("Bot {} run {} could not close its trader: {}", this.bot.id(), this.instanceId,
					SecretMasker.describe(ex, 200));
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
