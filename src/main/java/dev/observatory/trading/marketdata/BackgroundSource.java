package dev.observatory.trading.marketdata;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

import dev.observatory.common.secrets.SecretMasker;
import dev.observatory.telemetry.CallingContext;
import dev.observatory.trading.MarketTick;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A source fed by its own virtual thread, in the bot's calling context (so every provider call is a
 * usage event with the bot's id). The thread runs {@link #session} again after a failure or an end,
 * backing off from 1 s to 30 s, until the source is closed.
 */
abstract class BackgroundSource implements QuoteSource {

	private static final Logger log = LoggerFactory.getLogger(BackgroundSource.class);

	private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);

	protected final Clock clock;

	private final AtomicReference<@Nullable MarketTick> latest = new AtomicReference<>();

	private volatile @Nullable String problem;

	private volatile @Nullable Instant lastDeliveredAt;

	private volatile boolean closed;

	private final Thread thread;

	BackgroundSource(Clock clock, UUID botId, @Nullable UUID accountId, String name) {
		this.clock = clock;
		this.thread = Thread.ofVirtual()
			.name(name + "-" + botId)
			.unstarted(() -> CallingContext.runAs(botId, accountId, this::runUntilClosed));
	}

	/** Starts the background thread; called once the subclass is built. */
	final void start() {
		this.thread.start();
	}

	private void runUntilClosed() {
		Duration backoff = Duration.ofSeconds(1);
		while (!this.closed) {
			try {
				session();
				backoff = Duration.ofSeconds(1);
			}
			catch (Exception ex) {
				if (this.closed) {
					return;
				}
				this.problem = SecretMasker.describe(ex, 300);
				log.warn("{} source failed: {}", provider(), this.problem);
			}
			try {
				Thread.sleep(backoff);
			}
			catch (InterruptedException ex) {
				return;
			}
			backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
		}
	}

	/** One connection or polling session; returns or throws when it ends. */
	protected abstract void session() throws Exception;

	protected final boolean isClosed() {
		return this.closed;
	}

	protected final void deliver(MarketTick tick) {
		this.latest.set(tick);
		this.lastDeliveredAt = tick.time();
		this.problem = null;
	}

	protected final void problem(String problem) {
		this.problem = problem;
	}

	@Override
	public Optional<MarketTick> poll() {
		return Optional.ofNullable(this.latest.getAndSet(null));
	}

	@Override
	public @Nullable String problem() {
		return this.problem;
	}

	@Override
	public @Nullable Instant lastDeliveredAt() {
		return this.lastDeliveredAt;
	}

	@Override
	public void close() {
		this.closed = true;
		this.thread.interrupt();
		closeConnection();
	}

	/** Closes what {@link #session} has open, so a blocked read ends. */
	protected void closeConnection() {
	}

}
