package dev.observatory.telemetry;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import com.zaxxer.hikari.HikariDataSource;
import dev.observatory.common.time.Ids;
import dev.observatory.test.BenchDatabase;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The proof-of-use benchmarks, printed side by side with their targets (docs/performance.md):
 * caller cost (JMH), sustained ingest with roll-ups against one INSERT per event in its own
 * transaction, and the 24-hour summary over 20 million events generated with SQL. Runs on an embedded
 * PostgreSQL in target/, durable as in production. Run: {@code ./mvnw -Pbench clean test-compile exec:exec}.
 * Never part of the test suite.
 */
public final class UsageBenchmarks {

	private static final int ENDPOINTS_PER_PROVIDER = 5;

	private static final List<ProviderKey> PROVIDERS = Arrays.stream(ProviderKey.values())
		.filter((provider) -> provider != ProviderKey.POSTGRES)
		.toList();

	private static final int BOTS = 1_000;

	private UsageBenchmarks() {
	}

	public static void main(String[] args) throws Exception {
		long ingestSeconds = Long.getLong("bench.ingest-seconds", 60);
		long summaryEvents = Long.getLong("bench.summary-events", 20_000_000);
		Set<String> parts = Set.of(System.getProperty("bench.parts", "caller,ingest,summary").split(","));
		System.out.printf("machine: %d cores, JDK %s%n", Runtime.getRuntime().availableProcessors(),
				Runtime.version());
		if (parts.contains("caller")) {
			callerCost();
		}
		try (EmbeddedPostgres postgres = BenchDatabase.start();
				HikariDataSource pool = BenchDatabase.migratedPool(postgres, 2)) {
			UsagePartitions partitions = new UsagePartitions();
			try (Connection connection = pool.getConnection()) {
				LocalDate today = UsagePartitions.dayOf(Instant.now());
				partitions.ensure(connection, Set.of(today.minusDays(1), today, today.plusDays(1)));
			}
			if (parts.contains("ingest")) {
				double batched = 0;
				for (UsageBatchWriter.InsertMethod method : UsageBatchWriter.InsertMethod.values()) {
					UsageBatchWriter writer = new UsageBatchWriter(pool, partitions, JsonMapper.builder().build(), method);
					System.out.printf("insert method %s:%n", method);
					batched = Math.max(batched, ingest(writer, Duration.ofSeconds(ingestSeconds)));
				}
				double single = singleInserts(pool, Duration.ofSeconds(Math.max(5, ingestSeconds / 6)));
				System.out.printf("ingest ratio: batched with roll-ups / one INSERT per transaction = %.1fx"
						+ " (target >= 20x)%n", batched / single);
			}
			if (parts.contains("summary")) {
				summary(pool, summaryEvents);
			}
		}
	}

	private static void callerCost() throws Exception {
		Collection<RunResult> results = new Runner(new OptionsBuilder().include(UsageRecordingBenchmark.class.getName())
			.forks(1)
			.warmupIterations(3)
			.warmupTime(TimeValue.seconds(1))
			.measurementIterations(5)
			.measurementTime(TimeValue.seconds(2))
			.jvmArgs("-Xmx4g")
			.build()).run();
		double withoutMedian = 0;
		for (RunResult result : results) {
			var statistics = result.getPrimaryResult().getStatistics();
			String name = result.getParams().getBenchmark();
			System.out.printf("caller cost %s: median %.0f ns, p99 %.0f ns, p99.9 %.0f ns (%d samples)%n",
					name.substring(name.lastIndexOf('.') + 1), statistics.getPercentile(50), statistics.getPercentile(99),
					statistics.getPercentile(99.9), statistics.getN());
			if (name.endsWith("WithoutRecording")) {
				withoutMedian = statistics.getPercentile(50);
			}
		}
		for (RunResult result : results) {
			if (result.getParams().getBenchmark().endsWith("WithRecording")) {
				var statistics = result.getPrimaryResult().getStatistics();
				System.out.printf("caller cost added by recording: median %.0f ns (target <= 1000 ns), p99 %.0f ns"
						+ " (target <= 5000 ns)%n", statistics.getPercentile(50) - withoutMedian,
						statistics.getPercentile(99) - withoutMedian);
			}
		}
	}

	private static double ingest(UsageBatchWriter writer, Duration duration) throws Exception {
		long events = 0;
		long batches = 0;
		long started = System.nanoTime();
		long end = started + duration.toNanos();
		int batchSize = Integer.getInteger("bench.batch-size", 20_000);
		while (System.nanoTime() < end) {
			List<UsageEvent> batch = batch(batchSize);
			events += writer.write(batch);
			batches++;
		}
		double seconds = (System.nanoTime() - started) / 1e9;
		double rate = events / seconds;
		System.out.printf("ingest batched (%,d per batch, roll-ups in the same tx): %,.0f events/s over %.0f s"
				+ " (%,d events, %,d batches; target >= 50,000/s)%n", batchSize, rate, seconds, events, batches);
		return rate;
	}

	private static double singleInserts(HikariDataSource pool, Duration duration) throws Exception {
		long events = 0;
		long started = System.nanoTime();
		long end = started + duration.toNanos();
		try (Connection connection = pool.getConnection(); PreparedStatement insert = connection.prepareStatement("""
				INSERT INTO integration_usage_events (id, provider, endpoint_name, bot_id, status, http_status, latency_ms,
				    created_at, trace_id) VALUES (?, ?, ?, ?, 'OK', 200, ?, ?, ?)""")) {
			connection.setAutoCommit(true);
			while (System.nanoTime() < end) {
				UsageEvent event = batch(1).get(0);
				insert.setObject(1, event.id());
				insert.setString(2, event.provider().key());
				insert.setString(3, event.endpointName());
				insert.setObject(4, event.botId());
				insert.setInt(5, event.latencyMs());
				insert.setTimestamp(6, Timestamp.from(event.createdAt()));
				insert.setString(7, event.traceId());
				insert.executeUpdate();
				events++;
			}
		}
		double seconds = (System.nanoTime() - started) / 1e9;
		double rate = events / seconds;
		System.out.printf("ingest baseline (one INSERT per event in its own transaction, no roll-ups): %,.0f events/s"
				+ " over %.0f s (%,d events)%n", rate, seconds, events);
		return rate;
	}

	private static void summary(HikariDataSource pool, long events) throws Exception {
		long started = System.nanoTime();
		try (Connection connection = pool.getConnection(); Statement statement = connection.createStatement()) {
			buildDataset(statement, events);
		}
		System.out.printf("summary dataset built with SQL in %.0f s%n", (System.nanoTime() - started) / 1e9);
		JdbcClient jdbc = JdbcClient.create(pool);
		for (String table : List.of("integration_usage_events", "integration_usage_minute", "integration_usage_hour",
				"integration_usage_bot_minute", "integration_usage_bot_hour", "integration_usage_provider_minute",
				"integration_usage_provider_hour")) {
			System.out.printf("  %s: %,d rows%n", table, jdbc.sql("SELECT count(*) FROM " + table).query(Long.class).single());
		}
		UsageQueries queries = new UsageQueries(jdbc);
		ProviderKey provider = ProviderKey.POLYGON;
		for (int i = 0; i < 20; i++) {
			queries.summary(provider, Duration.ofHours(24), Instant.now());
		}
		List<Long> nanos = new ArrayList<>();
		UsageQueries.UsageSummary last = null;
		for (int i = 0; i < 200; i++) {
			long t = System.nanoTime();
			last = queries.summary(provider, Duration.ofHours(24), Instant.now());
			nanos.add(System.nanoTime() - t);
		}
		nanos.sort(Long::compare);
		System.out.printf("summary %s window=24h: median %.2f ms, p95 %.2f ms (200 runs; target median <= 20 ms);"
				+ " it reports %,d calls over %d endpoints and top %d of the bots%n", provider.key(),
				nanos.get(100) / 1e6, nanos.get(190) / 1e6, last.calls(), last.topEndpoints().size(), last.topBots().size());
	}

	/**
	 * {@code events} usage events spread over the last 24 hours across every provider, five endpoints
	 * each and 1,000 bot ids, with their roll-ups and last-used rows, all built with SQL (the
	 * pipeline's own tables, as it would have left them). Also used by the status benchmark.
	 */
	public static void buildDataset(Statement statement, long events) throws java.sql.SQLException {
		statement.execute("TRUNCATE integration_usage_events, integration_usage_minute, integration_usage_hour,"
				+ " integration_usage_bot_minute, integration_usage_bot_hour, integration_usage_provider_minute,"
				+ " integration_usage_provider_hour, integration_usage_last_used");
		String providers = PROVIDERS.stream().map((p) -> "'" + p.key() + "'").reduce((a, b) -> a + "," + b).orElseThrow();
		statement.execute("""
				INSERT INTO integration_usage_events (id, provider, endpoint_name, bot_id, status, http_status, latency_ms,
				    created_at, trace_id)
				SELECT gen_random_uuid(), p, p || '.endpoint_' || ((g / 7) %% %2$d), b,
				    CASE WHEN g %% 50 = 0 THEN 'SERVER_ERROR' ELSE 'OK' END, CASE WHEN g %% 50 = 0 THEN 503 ELSE 200 END,
				    (g * 7919) %% 2000, now() - ((g * 86399000 / %1$d) * interval '1 millisecond'), 'bench'
				FROM generate_series(1::bigint, %1$d::bigint) g,
				     LATERAL (SELECT (ARRAY[%3$s])[1 + (g / 3) %% %4$d] AS p,
				         ('00000000-0000-0000-0000-' || lpad(to_hex(g %% %5$d), 12, '0'))::uuid AS b) x
				""".formatted(events, ENDPOINTS_PER_PROVIDER, providers, PROVIDERS.size(), BOTS));
		String buckets = bucketExpressions();
		for (String unit : List.of("minute", "hour")) {
			statement.execute("""
					INSERT INTO integration_usage_%1$s SELECT provider, endpoint_name, date_trunc('%1$s', created_at),
					    count(*), count(*) FILTER (WHERE status = 'OK'), 0, 0, 0, count(*) FILTER (WHERE status = 'SERVER_ERROR'),
					    0, 0, sum(latency_ms), max(latency_ms), ARRAY[%2$s], max(created_at)
					FROM integration_usage_events GROUP BY 1, 2, 3""".formatted(unit, buckets));
			statement.execute("""
					INSERT INTO integration_usage_bot_%1$s SELECT provider, bot_id, date_trunc('%1$s', created_at), count(*),
					    count(*) FILTER (WHERE status <> 'OK'), max(created_at)
					FROM integration_usage_events GROUP BY 1, 2, 3""".formatted(unit));
			statement.execute("""
					INSERT INTO integration_usage_provider_%1$s SELECT provider, bucket_start, sum(calls),
					    sum(calls - ok_count), sum(calls), sum(calls - ok_count), max(last_used_at)
					FROM integration_usage_%1$s GROUP BY 1, 2""".formatted(unit));
		}
		statement.execute("""
				INSERT INTO integration_usage_last_used SELECT DISTINCT ON (provider) provider, created_at, bot_id, endpoint_name
				FROM integration_usage_events ORDER BY provider, created_at DESC""");
		statement.execute("ANALYZE");
	}

	private static String bucketExpressions() {
		StringBuilder sql = new StringBuilder();
		int lower = -1;
		for (int bound : LatencyBuckets.UPPER_BOUNDS_MS) {
			sql.append("count(*) FILTER (WHERE latency_ms > ").append(lower).append(" AND latency_ms <= ").append(bound).append("), ");
			lower = bound;
		}
		return sql.append("count(*) FILTER (WHERE latency_ms > ").append(lower).append(")").toString();
	}

	private static List<UsageEvent> batch(int size) {
		ThreadLocalRandom random = ThreadLocalRandom.current();
		Instant now = Instant.now();
		List<UsageEvent> events = new ArrayList<>(size);
		for (int i = 0; i < size; i++) {
			ProviderKey provider = PROVIDERS.get(random.nextInt(PROVIDERS.size()));
			UUID bot = new UUID(0, random.nextInt(BOTS));
			events.add(new UsageEvent(Ids.newId(), provider, provider.key() + ".endpoint_" + random.nextInt(ENDPOINTS_PER_PROVIDER),
					bot, null, (random.nextInt(50) == 0) ? UsageStatus.SERVER_ERROR : UsageStatus.OK, 200,
					random.nextInt(2_000), now, "bench", Map.of("record_count", 1)));
		}
		return events;
	}


}
