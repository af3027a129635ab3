package dev.observatory.telemetry;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;

/**
 * Moves usage events from callers to the database without ever making a caller wait for it.
 *
 * <p>Callers {@link #offer} events to a bounded in-memory queue. One writer thread drains it in
 * batches ({@link UsageBatchWriter}). When the database cannot be written, the batch goes to the
 * local {@link UsageSpool} and, from then on, so does every new batch, behind it, so that order is
 * kept; the spool is replayed oldest first once a write succeeds again. Only when the spool is full
 * are events dropped: each is counted, logged as an error, and remembered in a file beside the spool
 * (so a restart does not forget it) until an ADMIN acknowledges the loss. Stopping drains the queue.
 */
final class UsagePipeline implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(UsagePipeline.class);

	private static final Duration FIRST_BACKOFF = Duration.ofMillis(250);

	private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

	private final BlockingQueue<UsageEvent> queue;

	private final UsageBatchWriter writer;

	private final UsageSpool spool;

	private final TelemetryProperties properties;

	private final Clock clock;

	private final Path lossFile;

	private final AtomicLong dropped = new AtomicLong();

	private volatile @Nullable Instant droppedSince;

	private volatile boolean databaseWritable = true;

	private volatile boolean running;

	private @Nullable Thread thread;

	private final Counter written;

	private final Counter droppedCounter;

	private final Counter callerSpills;

	private final Timer writeLatency;

	private final DistributionSummary batchSizes;

	UsagePipeline(UsageBatchWriter writer, UsageSpool spool, TelemetryProperties properties, Clock clock,
			MeterRegistry meters) {
		this.queue = new ArrayBlockingQueue<>(properties.queueCapacity());
		this.writer = writer;
		this.spool = spool;
		this.properties = properties;
		this.clock = clock;
		this.lossFile = spool.directory().resolve("lost-events");
		readLossFile();
		Gauge.builder("observatory.telemetry.queue.depth", this.queue, BlockingQueue::size).register(meters);
		Gauge.builder("observatory.telemetry.spool.bytes", spool, UsageSpool::sizeBytes).baseUnit("bytes").register(meters);
		Gauge.builder("observatory.telemetry.spool.events", spool, UsageSpool::pendingEvents).register(meters);
		Gauge.builder("observatory.telemetry.dropped.unacknowledged", this.dropped, AtomicLong::get).register(meters);
		this.written = Counter.builder("observatory.telemetry.events.written").register(meters);
		this.droppedCounter = Counter.builder("observatory.telemetry.events.dropped").register(meters);
		this.callerSpills = Counter.builder("observatory.telemetry.caller.spills")
			.description("events a caller had to spool itself because the queue was full: the queue is too small")
			.register(meters);
		this.writeLatency = Timer.builder("observatory.telemetry.write.latency").register(meters);
		this.batchSizes = DistributionSummary.builder("observatory.telemetry.batch.size").register(meters);
	}

	/** Hands an event over; never blocks on the database. */
	void offer(UsageEvent event) {
		if (this.queue.offer(event)) {
			return;
		}
		// The writer is behind: this caller pays one local append rather than losing the event.
		this.callerSpills.increment();
		spillOrDrop(List.of(event));
	}

	/** Empties the queue without writing it: for the caller-cost benchmark only, which runs no writer. */
	int discardQueued() {
		List<UsageEvent> discarded = new ArrayList<>();
		return this.queue.drainTo(discarded);
	}

	TelemetryHealth health() {
		UsageEvent head = this.queue.peek();
		Instant spooled = this.spool.oldestEventAt();
		Instant oldest = (spooled != null) ? spooled : (head != null) ? head.createdAt() : null;
		long spooledEvents = this.spool.pendingEvents();
		return new TelemetryHealth(this.queue.size() + spooledEvents, spooledEvents, oldest, this.dropped.get(),
				this.droppedSince, this.databaseWritable);
	}

	/** Clears the loss after an ADMIN has acknowledged it; returns how many events it covered. */
	long acknowledgeLoss() {
		long acknowledged = this.dropped.getAndSet(0);
		this.droppedSince = null;
		try {
			Files.deleteIfExists(this.lossFile);
		}
		catch (IOException ex) {
			log.error("Could not clear the telemetry loss marker {}: {}", this.lossFile, ex.getMessage());
		}
		return acknowledged;
	}

	@Override
	public void start() {
		this.running = true;
		this.thread = Thread.ofPlatform().name("usage-writer").daemon(true).start(this::run);
	}

	@Override
	public void stop() {
		this.running = false;
		Thread writerThread = this.thread;
		if (writerThread != null) {
			writerThread.interrupt();
			try {
				writerThread.join(STOP_TIMEOUT.toMillis());
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
		List<UsageEvent> left = new ArrayList<>();
		this.queue.drainTo(left);
		if (!left.isEmpty()) {
			log.warn("Usage writer stopped with {} events in memory; spooling them for the next start", left.size());
			spillOrDrop(left);
		}
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	@Override
	public int getPhase() {
		// Stops after the web server (which stops taking calls) and before the pools close.
		return Integer.MAX_VALUE - 1024;
	}

	private void run() {
		Duration backoff = FIRST_BACKOFF;
		List<UsageEvent> batch = new ArrayList<>(this.properties.batchSize());
		while (this.running || !this.queue.isEmpty()) {
			try {
				if (this.spool.pendingEvents() > 0 && !replayOldestSegment()) {
					spillUntilRetry(batch, backoff);
					backoff = next(backoff);
					continue;
				}
				backoff = FIRST_BACKOFF;
				drainInto(batch, this.properties.flushInterval());
				if (batch.isEmpty()) {
					continue;
				}
				if (this.spool.pendingEvents() > 0 || !write(batch)) {
					spillOrDrop(batch);
				}
				batch.clear();
			}
			catch (InterruptedException ex) {
				if (!this.running) {
					flushOnStop(batch);
					return;
				}
			}
			catch (RuntimeException ex) {
				log.error("Usage writer pass failed; its batch is spooled and the writer goes on", ex);
				spillOrDrop(batch);
				batch.clear();
			}
		}
	}

	/**
	 * While the database is away, keeps moving the queue to the spool every flush interval until the
	 * next attempt is due, so the queue never fills and no caller has to spill (and fsync) its own
	 * event.
	 */
	private void spillUntilRetry(List<UsageEvent> batch, Duration backoff) throws InterruptedException {
		long retryAt = System.nanoTime() + backoff.toNanos();
		do {
			long remaining = retryAt - System.nanoTime();
			drainInto(batch, Duration.ofNanos(Math.max(0, Math.min(remaining, this.properties.flushInterval().toNanos()))));
			spillOrDrop(batch);
			batch.clear();
		}
		while (this.running && System.nanoTime() < retryAt);
	}

	private void flushOnStop(List<UsageEvent> batch) {
		this.queue.drainTo(batch);
		if (!batch.isEmpty() && (this.spool.pendingEvents() > 0 || !write(batch))) {
			spillOrDrop(batch);
		}
		batch.clear();
	}

	private void drainInto(List<UsageEvent> batch, Duration wait) throws InterruptedException {
		int room = this.properties.batchSize() - batch.size();
		if (wait.isPositive() && this.queue.isEmpty()) {
			UsageEvent first = this.queue.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
			if (first == null) {
				return;
			}
			batch.add(first);
			room--;
		}
		this.queue.drainTo(batch, room);
	}

	/** True when committed; false (and the database marked unwritable) when it could not be. */
	private boolean write(List<UsageEvent> batch) {
		long started = System.nanoTime();
		try {
			this.writer.write(batch);
			this.writeLatency.record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
			this.batchSizes.record(batch.size());
			this.written.increment(batch.size());
			if (!this.databaseWritable) {
				log.info("Usage events are reaching the database again");
			}
			this.databaseWritable = true;
			return true;
		}
		catch (SQLException | RuntimeException ex) {
			if (this.databaseWritable) {
				log.warn("Usage events cannot be written to the database ({}); spooling to {} until it is back",
						describe(ex), this.spool.directory());
			}
			this.databaseWritable = false;
			return false;
		}
	}

	private boolean replayOldestSegment() {
		try {
			Optional<Path> segment = this.spool.oldestSegment();
			if (segment.isEmpty()) {
				return true;
			}
			List<UsageEvent> events = this.spool.read(segment.get());
			for (int from = 0; from < events.size(); from += this.properties.batchSize()) {
				if (!write(events.subList(from, Math.min(events.size(), from + this.properties.batchSize())))) {
					return false;
				}
			}
			this.spool.delete(segment.get(), events.size());
			log.info("Replayed {} spooled usage events", events.size());
			return true;
		}
		catch (IOException ex) {
			log.error("Could not replay the usage spool in {}", this.spool.directory(), ex);
			return false;
		}
	}

	private void spillOrDrop(List<UsageEvent> events) {
		if (events.isEmpty()) {
			return;
		}
		try {
			if (this.spool.append(events)) {
				return;
			}
		}
		catch (IOException ex) {
			log.error("Could not spool {} usage events to {}", events.size(), this.spool.directory(), ex);
		}
		long total = this.dropped.addAndGet(events.size());
		this.droppedCounter.increment(events.size());
		if (this.droppedSince == null) {
			this.droppedSince = this.clock.instant();
		}
		writeLossFile(total);
		log.error("DROPPED {} usage events: the database is unreachable and the spool is full ({} of {});"
				+ " {} events lost and unacknowledged", events.size(), this.spool.sizeBytes(),
				this.properties.spoolMaxSize(), total);
	}

	private void writeLossFile(long total) {
		try {
			Files.writeString(this.lossFile, total + " " + this.droppedSince, StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			log.error("Could not record the telemetry loss in {}: {}", this.lossFile, ex.getMessage());
		}
	}

	private void readLossFile() {
		try {
			if (Files.exists(this.lossFile)) {
				String[] parts = Files.readString(this.lossFile, StandardCharsets.UTF_8).strip().split(" ");
				this.dropped.set(Long.parseLong(parts[0]));
				this.droppedSince = (parts.length > 1 && !"null".equals(parts[1])) ? Instant.parse(parts[1]) : null;
			}
		}
		catch (IOException | RuntimeException ex) {
			// An unreadable marker still means something was lost: keep reporting it.
			this.dropped.compareAndSet(0, 1);
			log.error("Could not read the telemetry loss marker {}; treating it as an unacknowledged loss", this.lossFile);
		}
	}

	private static String describe(Exception ex) {
		return (ex instanceof SQLException sql && sql.getSQLState() != null) ? "SQLSTATE " + sql.getSQLState()
				: ex.getClass().getSimpleName();
	}

	private Duration next(Duration backoff) {
		Duration doubled = backoff.multipliedBy(2);
		return (doubled.compareTo(this.properties.retryBackoffMax()) > 0) ? this.properties.retryBackoffMax() : doubled;
	}

}
