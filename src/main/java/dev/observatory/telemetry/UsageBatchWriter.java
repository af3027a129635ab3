package dev.observatory.telemetry;

import java.io.IOException;
import java.io.StringReader;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import javax.sql.DataSource;

import org.postgresql.PGConnection;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes one batch of usage events and its roll-ups in one transaction. The insert skips events
 * already stored ({@code ON CONFLICT (id, created_at) DO NOTHING}) and returns what it inserted; only
 * those rows feed the roll-ups, so a batch written twice (a retry, a spool replay after a crash)
 * changes no count. Events go in one of two ways ({@link InsertMethod}): arrays bound as parameters
 * and unnested server-side, or COPY into a per-connection staging table moved with
 * {@code INSERT ... SELECT ... ON CONFLICT DO NOTHING RETURNING}; the benchmark
 * (docs/performance.md) says which is faster here.
 */
final class UsageBatchWriter {

	/** How a batch's events reach the events table. */
	enum InsertMethod {

		/** One {@code INSERT ... SELECT FROM unnest(?::uuid[], ...)} with the columns as array parameters. */
		UNNEST,

		/** COPY (text format) into a temporary staging table, then one {@code INSERT ... SELECT}. */
		COPY

	}

	private static final String CREATE_STAGING = """
			CREATE TEMP TABLE IF NOT EXISTS usage_staging (LIKE integration_usage_events) ON COMMIT DELETE ROWS
			""";

	private static final String COPY_STAGING = """
			COPY usage_staging (id, provider, endpoint_name, bot_id, account_id, status, http_status, latency_ms,
			    created_at, trace_id, metadata_safe_json) FROM STDIN
			""";

	private static final String MOVE_STAGING = """
			INSERT INTO integration_usage_events SELECT * FROM usage_staging
			ON CONFLICT (id, created_at) DO NOTHING
			RETURNING id
			""";

	private static final String INSERT_EVENTS = """
			INSERT INTO integration_usage_events (id, provider, endpoint_name, bot_id, account_id, status, http_status,
			    latency_ms, created_at, trace_id, metadata_safe_json)
			SELECT id, provider, endpoint_name, bot_id, account_id, status, http_status, latency_ms, created_at, trace_id,
			    metadata::jsonb
			FROM unnest(?::uuid[], ?::text[], ?::text[], ?::uuid[], ?::uuid[], ?::text[], ?::int[], ?::int[],
			    ?::timestamptz[], ?::text[], ?::text[])
			    AS e(id, provider, endpoint_name, bot_id, account_id, status, http_status, latency_ms, created_at, trace_id,
			    metadata)
			ON CONFLICT (id, created_at) DO NOTHING
			RETURNING id
			""";

	private static final String UPSERT_ENDPOINT = """
			INSERT INTO %s AS t (provider, endpoint_name, bucket_start, calls, ok_count, client_error_count,
			    auth_failed_count, rate_limited_count, server_error_count, timeout_count, network_error_count,
			    latency_sum_ms, latency_max_ms, latency_buckets, last_used_at)
			SELECT provider, endpoint_name, bucket_start, counts[1], counts[2], counts[3], counts[4], counts[5], counts[6],
			    counts[7], counts[8], latency_sum_ms, latency_max_ms, buckets::bigint[], last_used_at
			FROM unnest(?::text[], ?::text[], ?::timestamptz[], ?::text[], ?::bigint[], ?::int[], ?::text[],
			    ?::timestamptz[])
			    AS r(provider, endpoint_name, bucket_start, counts_text, latency_sum_ms, latency_max_ms, buckets,
			    last_used_at),
			    LATERAL (SELECT counts_text::bigint[] AS counts) c
			ON CONFLICT (provider, endpoint_name, bucket_start) DO UPDATE SET
			    calls = t.calls + EXCLUDED.calls,
			    ok_count = t.ok_count + EXCLUDED.ok_count,
			    client_error_count = t.client_error_count + EXCLUDED.client_error_count,
			    auth_failed_count = t.auth_failed_count + EXCLUDED.auth_failed_count,
			    rate_limited_count = t.rate_limited_count + EXCLUDED.rate_limited_count,
			    server_error_count = t.server_error_count + EXCLUDED.server_error_count,
			    timeout_count = t.timeout_count + EXCLUDED.timeout_count,
			    network_error_count = t.network_error_count + EXCLUDED.network_error_count,
			    latency_sum_ms = t.latency_sum_ms + EXCLUDED.latency_sum_ms,
			    latency_max_ms = greatest(t.latency_max_ms, EXCLUDED.latency_max_ms),
			    latency_buckets = usage_buckets_add(t.latency_buckets, EXCLUDED.latency_buckets),
			    last_used_at = greatest(t.last_used_at, EXCLUDED.last_used_at)
			""";

	private static final String UPSERT_BOT = """
			INSERT INTO %s AS t (provider, bot_id, bucket_start, calls, errors, last_used_at)
			SELECT * FROM unnest(?::text[], ?::uuid[], ?::timestamptz[], ?::bigint[], ?::bigint[], ?::timestamptz[])
			ON CONFLICT (provider, bot_id, bucket_start) DO UPDATE SET
			    calls = t.calls + EXCLUDED.calls,
			    errors = t.errors + EXCLUDED.errors,
			    last_used_at = greatest(t.last_used_at, EXCLUDED.last_used_at)
			""";

	private static final String UPSERT_PROVIDER = """
			INSERT INTO %s AS t (provider, bucket_start, calls, errors, proof_calls, proof_errors, proof_last_used_at)
			SELECT * FROM unnest(?::text[], ?::timestamptz[], ?::bigint[], ?::bigint[], ?::bigint[], ?::bigint[],
			    ?::timestamptz[])
			ON CONFLICT (provider, bucket_start) DO UPDATE SET
			    calls = t.calls + EXCLUDED.calls,
			    errors = t.errors + EXCLUDED.errors,
			    proof_calls = t.proof_calls + EXCLUDED.proof_calls,
			    proof_errors = t.proof_errors + EXCLUDED.proof_errors,
			    proof_last_used_at = greatest(t.proof_last_used_at, EXCLUDED.proof_last_used_at)
			""";

	private static final String UPSERT_LAST_USED = """
			INSERT INTO integration_usage_last_used AS t (provider, last_used_at, last_used_by_bot_id, last_endpoint_name)
			SELECT * FROM unnest(?::text[], ?::timestamptz[], ?::uuid[], ?::text[])
			ON CONFLICT (provider) DO UPDATE SET
			    last_used_at = EXCLUDED.last_used_at,
			    last_used_by_bot_id = EXCLUDED.last_used_by_bot_id,
			    last_endpoint_name = EXCLUDED.last_endpoint_name
			WHERE EXCLUDED.last_used_at >= t.last_used_at
			""";

	private final DataSource dataSource;

	private final UsagePartitions partitions;

	private final JsonMapper jsonMapper;

	private final InsertMethod insertMethod;

	UsageBatchWriter(DataSource dataSource, UsagePartitions partitions, JsonMapper jsonMapper,
			InsertMethod insertMethod) {
		this.dataSource = dataSource;
		this.partitions = partitions;
		this.jsonMapper = jsonMapper;
		this.insertMethod = insertMethod;
	}

	/** Writes the batch; returns how many events were new. Throws if nothing could be committed. */
	int write(List<UsageEvent> batch) throws SQLException {
		if (batch.isEmpty()) {
			return 0;
		}
		try (Connection connection = this.dataSource.getConnection()) {
			connection.setAutoCommit(true);
			Set<LocalDate> days = batch.stream()
				.map((event) -> UsagePartitions.dayOf(event.createdAt()))
				.collect(Collectors.toSet());
			this.partitions.ensure(connection, days);
			connection.setAutoCommit(false);
			try {
				Set<UUID> inserted = (this.insertMethod == InsertMethod.COPY) ? copyEvents(connection, batch)
						: insertEvents(connection, batch);
				List<UsageEvent> fresh = batch.stream().filter((event) -> inserted.contains(event.id())).toList();
				if (!fresh.isEmpty()) {
					upsertEndpointRollup(connection, "integration_usage_minute", fresh, ChronoUnit.MINUTES);
					upsertEndpointRollup(connection, "integration_usage_hour", fresh, ChronoUnit.HOURS);
					upsertBotRollup(connection, "integration_usage_bot_minute", fresh, ChronoUnit.MINUTES);
					upsertBotRollup(connection, "integration_usage_bot_hour", fresh, ChronoUnit.HOURS);
					upsertProviderRollup(connection, "integration_usage_provider_minute", fresh, ChronoUnit.MINUTES);
					upsertProviderRollup(connection, "integration_usage_provider_hour", fresh, ChronoUnit.HOURS);
					upsertLastUsed(connection, fresh);
				}
				connection.commit();
				return fresh.size();
			}
			catch (SQLException | RuntimeException ex) {
				rollbackQuietly(connection);
				throw ex;
			}
		}
	}

	private Set<UUID> insertEvents(Connection connection, List<UsageEvent> batch) throws SQLException {
		int size = batch.size();
		UUID[] ids = new UUID[size];
		String[] providers = new String[size];
		String[] endpoints = new String[size];
		UUID[] bots = new UUID[size];
		UUID[] accounts = new UUID[size];
		String[] statuses = new String[size];
		Integer[] httpStatuses = new Integer[size];
		Integer[] latencies = new Integer[size];
		Timestamp[] createdAt = new Timestamp[size];
		String[] traceIds = new String[size];
		String[] metadata = new String[size];
		for (int i = 0; i < size; i++) {
			UsageEvent event = batch.get(i);
			ids[i] = event.id();
			providers[i] = event.provider().key();
			endpoints[i] = event.endpointName();
			bots[i] = event.botId();
			accounts[i] = event.accountId();
			statuses[i] = event.status().name();
			httpStatuses[i] = event.httpStatus();
			latencies[i] = event.latencyMs();
			createdAt[i] = Timestamp.from(event.createdAt());
			traceIds[i] = event.traceId();
			metadata[i] = this.jsonMapper.writeValueAsString(event.metadata());
		}
		try (PreparedStatement statement = connection.prepareStatement(INSERT_EVENTS)) {
			bind(connection, statement, new Object[][] { ids, providers, endpoints, bots, accounts, statuses, httpStatuses,
					latencies, createdAt, traceIds, metadata },
					new String[] { "uuid", "text", "text", "uuid", "uuid", "text", "int4", "int4", "timestamptz", "text",
							"text" });
			try (ResultSet rows = statement.executeQuery()) {
				return insertedIds(rows, size);
			}
		}
	}

	private Set<UUID> copyEvents(Connection connection, List<UsageEvent> batch) throws SQLException {
		try (Statement statement = connection.createStatement()) {
			statement.execute(CREATE_STAGING);
		}
		StringBuilder rows = new StringBuilder(batch.size() * 200);
		for (UsageEvent event : batch) {
			rows.append(event.id()).append('\t');
			text(rows, event.provider().key()).append('\t');
			text(rows, event.endpointName()).append('\t');
			rows.append((event.botId() != null) ? event.botId().toString() : "\\N").append('\t');
			rows.append((event.accountId() != null) ? event.accountId().toString() : "\\N").append('\t');
			rows.append(event.status().name()).append('\t');
			rows.append((event.httpStatus() != null) ? event.httpStatus().toString() : "\\N").append('\t');
			rows.append(event.latencyMs()).append('\t');
			rows.append(event.createdAt()).append('\t');
			text(rows, event.traceId()).append('\t');
			text(rows, this.jsonMapper.writeValueAsString(event.metadata())).append('\n');
		}
		try {
			connection.unwrap(PGConnection.class)
				.getCopyAPI()
				.copyIn(COPY_STAGING, new StringReader(rows.toString()));
		}
		catch (IOException ex) {
			throw new SQLException("COPY into the usage staging table failed", "08000", ex);
		}
		try (Statement statement = connection.createStatement(); ResultSet ids = statement.executeQuery(MOVE_STAGING)) {
			return insertedIds(ids, batch.size());
		}
	}

	/** The ids an {@code INSERT ... RETURNING id} actually inserted: only these feed the roll-ups. */
	private static Set<UUID> insertedIds(ResultSet rows, int expected) throws SQLException {
		Set<UUID> inserted = new HashSet<>(expected * 2);
		while (rows.next()) {
			inserted.add(rows.getObject(1, UUID.class));
		}
		return inserted;
	}

	/** Appends a value in COPY text format: backslash, tab, newline and carriage return escaped. */
	private static StringBuilder text(StringBuilder target, String value) {
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			switch (c) {
				case '\\' -> target.append("\\\\");
				case '\t' -> target.append("\\t");
				case '\n' -> target.append("\\n");
				case '\r' -> target.append("\\r");
				default -> target.append(c);
			}
		}
		return target;
	}

	private static void upsertEndpointRollup(Connection connection, String table, List<UsageEvent> events,
			ChronoUnit unit) throws SQLException {
		Map<EndpointBucket, EndpointTotals> totals = new HashMap<>();
		for (UsageEvent event : events) {
			EndpointBucket key = new EndpointBucket(event.provider().key(), event.endpointName(),
					event.createdAt().truncatedTo(unit));
			totals.computeIfAbsent(key, (k) -> new EndpointTotals()).add(event);
		}
		int size = totals.size();
		String[] providers = new String[size];
		String[] endpoints = new String[size];
		Timestamp[] buckets = new Timestamp[size];
		String[] counts = new String[size];
		Long[] latencySums = new Long[size];
		Integer[] latencyMax = new Integer[size];
		String[] histograms = new String[size];
		Timestamp[] lastUsed = new Timestamp[size];
		int i = 0;
		for (Map.Entry<EndpointBucket, EndpointTotals> entry : totals.entrySet()) {
			EndpointTotals total = entry.getValue();
			providers[i] = entry.getKey().provider();
			endpoints[i] = entry.getKey().endpointName();
			buckets[i] = Timestamp.from(entry.getKey().start());
			counts[i] = total.countsLiteral();
			latencySums[i] = total.latencySum;
			latencyMax[i] = total.latencyMax;
			histograms[i] = arrayLiteral(total.histogram);
			lastUsed[i] = Timestamp.from(total.lastUsed);
			i++;
		}
		try (PreparedStatement statement = connection.prepareStatement(UPSERT_ENDPOINT.formatted(table))) {
			bind(connection, statement, new Object[][] { providers, endpoints, buckets, counts, latencySums, latencyMax,
					histograms, lastUsed },
					new String[] { "text", "text", "timestamptz", "text", "int8", "int4", "text", "timestamptz" });
			statement.executeUpdate();
		}
	}

	private static void upsertBotRollup(Connection connection, String table, List<UsageEvent> events, ChronoUnit unit)
			throws SQLException {
		Map<BotBucket, long[]> totals = new HashMap<>();
		Map<BotBucket, Instant> lastUsed = new HashMap<>();
		for (UsageEvent event : events) {
			if (event.botId() == null) {
				continue;
			}
			BotBucket key = new BotBucket(event.provider().key(), event.botId(), event.createdAt().truncatedTo(unit));
			long[] total = totals.computeIfAbsent(key, (k) -> new long[2]);
			total[0]++;
			total[1] += (event.status() == UsageStatus.OK) ? 0 : 1;
			lastUsed.merge(key, event.createdAt(), (a, b) -> a.isAfter(b) ? a : b);
		}
		if (totals.isEmpty()) {
			return;
		}
		List<BotBucket> keys = new ArrayList<>(totals.keySet());
		int size = keys.size();
		String[] providers = new String[size];
		UUID[] bots = new UUID[size];
		Timestamp[] buckets = new Timestamp[size];
		Long[] calls = new Long[size];
		Long[] errors = new Long[size];
		Timestamp[] last = new Timestamp[size];
		for (int i = 0; i < size; i++) {
			BotBucket key = keys.get(i);
			providers[i] = key.provider();
			bots[i] = key.botId();
			buckets[i] = Timestamp.from(key.start());
			calls[i] = totals.get(key)[0];
			errors[i] = totals.get(key)[1];
			last[i] = Timestamp.from(lastUsed.get(key));
		}
		try (PreparedStatement statement = connection.prepareStatement(UPSERT_BOT.formatted(table))) {
			bind(connection, statement, new Object[][] { providers, bots, buckets, calls, errors, last },
					new String[] { "text", "uuid", "timestamptz", "int8", "int8", "timestamptz" });
			statement.executeUpdate();
		}
	}

	/** Per provider and bucket: every call, and the calls that prove use (a Verify's own calls left out). */
	private static void upsertProviderRollup(Connection connection, String table, List<UsageEvent> events,
			ChronoUnit unit) throws SQLException {
		Map<ProviderBucket, long[]> totals = new HashMap<>();
		Map<ProviderBucket, Instant> lastUsed = new HashMap<>();
		for (UsageEvent event : events) {
			ProviderBucket key = new ProviderBucket(event.provider().key(), event.createdAt().truncatedTo(unit));
			long[] total = totals.computeIfAbsent(key, (k) -> new long[4]);
			long error = (event.status() == UsageStatus.OK) ? 0 : 1;
			total[0]++;
			total[1] += error;
			if (!UsageEvent.isCheck(event.endpointName())) {
				total[2]++;
				total[3] += error;
				lastUsed.merge(key, event.createdAt(), (a, b) -> a.isAfter(b) ? a : b);
			}
		}
		int size = totals.size();
		String[] providers = new String[size];
		Timestamp[] buckets = new Timestamp[size];
		Long[][] counts = new Long[4][size];
		Timestamp[] last = new Timestamp[size];
		int i = 0;
		for (Map.Entry<ProviderBucket, long[]> entry : totals.entrySet()) {
			providers[i] = entry.getKey().provider();
			buckets[i] = Timestamp.from(entry.getKey().start());
			for (int c = 0; c < 4; c++) {
				counts[c][i] = entry.getValue()[c];
			}
			Instant used = lastUsed.get(entry.getKey());
			last[i] = (used != null) ? Timestamp.from(used) : null;
			i++;
		}
		try (PreparedStatement statement = connection.prepareStatement(UPSERT_PROVIDER.formatted(table))) {
			bind(connection, statement, new Object[][] { providers, buckets, counts[0], counts[1], counts[2], counts[3], last },
					new String[] { "text", "timestamptz", "int8", "int8", "int8", "int8", "timestamptz" });
			statement.executeUpdate();
		}
	}

	private static void upsertLastUsed(Connection connection, List<UsageEvent> events) throws SQLException {
		Map<String, UsageEvent> latest = new HashMap<>();
		for (UsageEvent event : events) {
			if (!UsageEvent.isCheck(event.endpointName())) {
				latest.merge(event.provider().key(), event,
						(a, b) -> (b.createdAt().compareTo(a.createdAt()) > 0) ? b : a);
			}
		}
		if (latest.isEmpty()) {
			return;
		}
		int size = latest.size();
		String[] providers = new String[size];
		Timestamp[] at = new Timestamp[size];
		UUID[] bots = new UUID[size];
		String[] endpoints = new String[size];
		int i = 0;
		for (UsageEvent event : latest.values()) {
			providers[i] = event.provider().key();
			at[i] = Timestamp.from(event.createdAt());
			bots[i] = event.botId();
			endpoints[i] = event.endpointName();
			i++;
		}
		try (PreparedStatement statement = connection.prepareStatement(UPSERT_LAST_USED)) {
			bind(connection, statement, new Object[][] { providers, at, bots, endpoints },
					new String[] { "text", "timestamptz", "uuid", "text" });
			statement.executeUpdate();
		}
	}

	private static void bind(Connection connection, PreparedStatement statement, Object[][] columns, String[] types)
			throws SQLException {
		for (int i = 0; i < columns.length; i++) {
			Array array = connection.createArrayOf(types[i], columns[i]);
			statement.setArray(i + 1, array);
		}
	}

	private static String arrayLiteral(long[] values) {
		StringBuilder literal = new StringBuilder("{");
		for (int i = 0; i < values.length; i++) {
			literal.append((i == 0) ? "" : ",").append(values[i]);
		}
		return literal.append('}').toString();
	}

	private static void rollbackQuietly(Connection connection) {
		try {
			connection.rollback();
		}
		catch (SQLException ignored) {
			// The connection is broken; the pool discards it. The batch is retried or spooled by the caller.
		}
	}

	private record EndpointBucket(String provider, String endpointName, Instant start) {
	}

	private record ProviderBucket(String provider, Instant start) {
	}

	private record BotBucket(String provider, UUID botId, Instant start) {
	}

	private static final class EndpointTotals {

		private final long[] statusCounts = new long[UsageStatus.values().length];

		private final long[] histogram = new long[LatencyBuckets.COUNT];

		private long calls;

		private long latencySum;

		private int latencyMax;

		private Instant lastUsed = Instant.EPOCH;

		void add(UsageEvent event) {
			this.calls++;
			this.statusCounts[event.status().ordinal()]++;
			this.latencySum += event.latencyMs();
			this.latencyMax = Math.max(this.latencyMax, event.latencyMs());
			this.histogram[LatencyBuckets.indexOf(event.latencyMs())]++;
			if (event.createdAt().isAfter(this.lastUsed)) {
				this.lastUsed = event.createdAt();
			}
		}

		/** {calls, ok, client_error, auth_failed, rate_limited, server_error, timeout, network_error}. */
		String countsLiteral() {
			long[] counts = new long[8];
			counts[0] = this.calls;
			for (UsageStatus status : UsageStatus.values()) {
				counts[1 + status.ordinal()] = this.statusCounts[status.ordinal()];
			}
			return arrayLiteral(counts);
		}

	}

}
