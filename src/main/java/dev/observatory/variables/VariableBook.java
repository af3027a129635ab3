package dev.observatory.variables;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * One bot's profit variables in one run: the latest value of each, and the one accessor strategies
 * read through. Every {@link #read} is counted in memory (an array increment, no allocation) and the
 * counts are written as a roll-up per variable × provider × minute by {@link #flushIfDue}, never a
 * row per read. Not thread-safe: a run loop owns its book.
 */
public final class VariableBook {

	private static final Variable[] ALL = Variable.values();

	private final UUID botId;

	private final String mode;

	private final Duration staleAfter;

	private final Duration flushInterval;

	private final Sink sink;

	private final double[] values = new double[ALL.length];

	private final @Nullable Instant[] updatedAt = new Instant[ALL.length];

	private final @Nullable String[] providers = new String[ALL.length];

	private final long[] reads = new long[ALL.length];

	private final @Nullable Instant[] lastReadAt = new Instant[ALL.length];

	private final @Nullable Instant[] lastValueRead = new Instant[ALL.length];

	private final @Nullable String[] readProviders = new String[ALL.length];

	private @Nullable Instant bucket;

	private @Nullable Instant lastFlush;

	/**
	 * @param staleAfter how old a value may be and still read as FRESH
	 * @param flushInterval how often counts are written within a minute
	 * @param sink where the counts go (the access log; a test's list)
	 */
	public VariableBook(UUID botId, String mode, Duration staleAfter, Duration flushInterval, Sink sink) {
		this.botId = botId;
		this.mode = mode;
		this.staleAfter = staleAfter;
		this.flushInterval = flushInterval;
		this.sink = sink;
	}

	/** A new value of {@code variable}, produced at {@code at} from {@code provider}'s data. */
	public void set(Variable variable, double value, Instant at, String provider) {
		int i = variable.ordinal();
		this.values[i] = value;
		this.updatedAt[i] = at;
		this.providers[i] = provider;
	}

	/** Forgets a value that can no longer be computed (e.g. an indicator whose input went away). */
	public void clear(Variable variable) {
		this.updatedAt[variable.ordinal()] = null;
	}

	/** Reads {@code variable} as a strategy does: counted as an access by this bot. */
	public Reading read(Variable variable, Instant now) {
		int i = variable.ordinal();
		Instant at = this.updatedAt[i];
		if (at != null) {
			String provider = this.providers[i];
			if (this.reads[i] > 0 && !java.util.Objects.equals(provider, this.readProviders[i])) {
				// The roll-up is per provider: a switch (a fallback) closes the counts of the old one first.
				flush(now);
			}
			this.reads[i]++;
			this.lastReadAt[i] = now;
			this.readProviders[i] = provider;
			Instant previous = this.lastValueRead[i];
			this.lastValueRead[i] = (previous == null || at.isAfter(previous)) ? at : previous;
		}
		return reading(i, now);
	}

	/** The value of {@code variable} without counting an access: for snapshots in traces and the UI. */
	public Reading peek(Variable variable, Instant now) {
		return reading(variable.ordinal(), now);
	}

	/** Every variable that has a value, as a trace's snapshot shows it (not counted as reads). */
	public Map<String, Object> snapshot(Instant now) {
		Map<String, Object> snapshot = new LinkedHashMap<>();
		for (Variable variable : ALL) {
			Reading reading = peek(variable, now);
			if (reading.state() != State.UNAVAILABLE) {
				snapshot.put(variable.key(), Map.of("value", reading.value(), "state", reading.state().name(),
						"data_source", String.valueOf(reading.provider()), "at", String.valueOf(reading.at())));
			}
		}
		return snapshot;
	}

	private Reading reading(int i, Instant now) {
		Instant at = this.updatedAt[i];
		if (at == null) {
			return new Reading(ALL[i], Double.NaN, State.UNAVAILABLE, null, null);
		}
		State state = Duration.between(at, now).compareTo(this.staleAfter) > 0 ? State.STALE : State.FRESH;
		return new Reading(ALL[i], this.values[i], state, at, this.providers[i]);
	}

	/** Writes the counts when the minute changed or the flush interval passed. */
	public void flushIfDue(Instant now) {
		Instant minute = now.truncatedTo(ChronoUnit.MINUTES);
		if (this.bucket == null) {
			this.bucket = minute;
			this.lastFlush = now;
			return;
		}
		if (!minute.equals(this.bucket) || Duration.between(this.lastFlush, now).compareTo(this.flushInterval) >= 0) {
			flush(now);
		}
	}

	/** Writes whatever was counted (at the end of a run too); a failed write is retried with the next flush. */
	public void flush(Instant now) {
		Instant minute = (this.bucket != null) ? this.bucket : now.truncatedTo(ChronoUnit.MINUTES);
		List<Row> rows = new ArrayList<>();
		for (int i = 0; i < ALL.length; i++) {
			if (this.reads[i] > 0) {
				rows.add(new Row(ALL[i].key(), String.valueOf(this.readProviders[i]), this.reads[i],
						java.util.Objects.requireNonNull(this.lastReadAt[i]), this.lastValueRead[i]));
			}
		}
		if (!rows.isEmpty()) {
			this.sink.add(this.botId, this.mode, minute, rows);
			java.util.Arrays.fill(this.reads, 0);
			java.util.Arrays.fill(this.lastValueRead, null);
		}
		this.bucket = now.truncatedTo(ChronoUnit.MINUTES);
		this.lastFlush = now;
	}

	/** Where a book's counts go. */
	@FunctionalInterface
	public interface Sink {

		void add(UUID bot, String mode, Instant minute, List<Row> rows);

	}

	/** One variable's reads from one provider since the last flush, within one minute. */
	public record Row(String variable, String provider, long reads, Instant lastReadAt, @Nullable Instant lastValueAt) {
	}

	/** Freshness, not provenance: a SIM value is FRESH too, and labelled by its mode and data source. */
	public enum State {

		FRESH, STALE, UNAVAILABLE

	}

	/**
	 * @param value NaN when unavailable
	 * @param at when the value was produced
	 * @param provider where its data came from
	 */
	public record Reading(Variable variable, double value, State state, @Nullable Instant at,
			@Nullable String provider) {

		public boolean usable() {
			return this.state == State.FRESH;
		}

	}

}
