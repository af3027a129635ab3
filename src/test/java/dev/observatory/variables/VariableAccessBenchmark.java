package dev.observatory.variables;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The cost of access tracking per variable read: {@link VariableBook#read} (counted) against
 * {@link VariableBook#peek} (the same lookup, not counted). Flushes go to a sink that drops the
 * rows: the database write happens once per flush interval per bot, not per read, and is not what
 * this measures. Run through {@code dev.observatory.trading.TradingBenchmark}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class VariableAccessBenchmark {

	private VariableBook book;

	private Instant now;

	@Setup
	public void setUp() {
		this.book = new VariableBook(UUID.randomUUID(), "SIM", Duration.ofMinutes(2), Duration.ofSeconds(10),
				(bot, mode, minute, rows) -> {
				});
		this.now = Instant.parse("2026-11-25T15:00:00Z");
		this.book.set(Variable.EMA_FAST, 6001.25, this.now, "sim");
	}

	@Benchmark
	public VariableBook.Reading countedRead() {
		return this.book.read(Variable.EMA_FAST, this.now);
	}

	@Benchmark
	public VariableBook.Reading uncountedPeek() {
		return this.book.peek(Variable.EMA_FAST, this.now);
	}

}
