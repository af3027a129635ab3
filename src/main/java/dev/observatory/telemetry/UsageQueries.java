package dev.observatory.telemetry;

import java.nio.charset.StandardCharsets;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import dev.observatory.common.error.ApiException;
import dev.observatory.common.error.CommonErrorCode;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Reads usage: raw events newest first with keyset pagination, and windowed summaries from the
 * roll-ups (hour rows for the whole hours of the window, minute rows for its ragged ends), never
 * from the raw events.
 */
@Component
public class UsageQueries {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	/**
	 * The rows covering [start, stop]: hour rows from the first whole hour on (the current hour's row
	 * holds exactly "from the top of the hour until now", so the window's end needs no minute rows),
	 * and minute rows only for the ragged first hour.
	 */
	private static final String SUMMARY_PARTS = """
			WITH w AS (SELECT CAST(:start AS timestamptz) AS start, CAST(:stop AS timestamptz) AS stop,
			                  date_trunc('hour', CAST(:start AS timestamptz)) + interval '1 hour' AS first_whole_hour),
			parts AS (
			    SELECT %1$s FROM %2$s_hour h, w
			    WHERE h.provider = :provider AND h.bucket_start >= w.first_whole_hour AND h.bucket_start <= w.stop
			    UNION ALL
			    SELECT %1$s FROM %2$s_minute m, w
			    WHERE m.provider = :provider AND m.bucket_start >= w.start AND m.bucket_start < w.first_whole_hour
			      AND m.bucket_start <= w.stop)
			""";

	private static final String ENDPOINT_SUMMARY = SUMMARY_PARTS.formatted(
			"endpoint_name, calls, ok_count, latency_max_ms, latency_buckets, last_used_at", "integration_usage") + """
			SELECT endpoint_name, sum(calls) AS calls, sum(calls - ok_count) AS errors, max(latency_max_ms) AS latency_max,
			    usage_buckets_sum(latency_buckets) AS buckets, max(last_used_at) AS last_used_at
			FROM parts GROUP BY endpoint_name ORDER BY calls DESC, endpoint_name
			""";

	private static final String BOT_SUMMARY = SUMMARY_PARTS.formatted("bot_id, calls, errors, last_used_at",
			"integration_usage_bot") + """
			SELECT bot_id, sum(calls) AS calls, sum(errors) AS errors, max(last_used_at) AS last_used_at
			FROM parts GROUP BY bot_id ORDER BY calls DESC, bot_id LIMIT :limit
			""";

	private final JdbcClient jdbc;

	UsageQueries(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/** A page of raw events, newest first, and the cursor of the next page (null on the last). */
	public EventPage events(EventFilter filter, int limit, @Nullable String cursor) {
		StringBuilder sql = new StringBuilder("""
				SELECT id, provider, endpoint_name, bot_id, account_id, status, http_status, latency_ms, created_at,
				    trace_id, metadata_safe_json::text AS metadata
				FROM integration_usage_events WHERE true""");
		var statement = new java.util.LinkedHashMap<String, Object>();
		if (filter.provider() != null) {
			sql.append(" AND provider = :provider");
			statement.put("provider", filter.provider().key());
		}
		if (filter.botId() != null) {
			sql.append(" AND bot_id = :botId");
			statement.put("botId", filter.botId());
		}
		if (filter.status() != null) {
			sql.append(" AND status = :status");
			statement.put("status", filter.status().name());
		}
		if (filter.since() != null) {
			sql.append(" AND created_at >= :since");
			statement.put("since", Timestamp.from(filter.since()));
		}
		if (filter.until() != null) {
			sql.append(" AND created_at < :until");
			statement.put("until", Timestamp.from(filter.until()));
		}
		if (cursor != null) {
			Cursor position = Cursor.decode(cursor);
			sql.append(" AND (created_at, id) < (:cursorAt, :cursorId)");
			statement.put("cursorAt", Timestamp.from(position.createdAt()));
			statement.put("cursorId", position.id());
		}
		sql.append(" ORDER BY created_at DESC, id DESC LIMIT :limit");
		statement.put("limit", limit + 1);
		List<UsageEventView> rows = this.jdbc.sql(sql.toString()).params(statement).query(UsageQueries::event).list();
		boolean more = rows.size() > limit;
		List<UsageEventView> page = more ? rows.subList(0, limit) : rows;
		String next = more ? new Cursor(page.get(limit - 1).createdAt(), page.get(limit - 1).id()).encode() : null;
		return new EventPage(List.copyOf(page), next);
	}

	/**
	 * Calls, errors, latency and top endpoints and bots of one provider over the window ending now.
	 * {@code now} must be the present: the current hour is read from its hour row, which holds every
	 * call from the top of the hour on.
	 */
	public UsageSummary summary(ProviderKey provider, Duration window, Instant now) {
		Instant stop = now;
		Instant start = now.minus(window).truncatedTo(ChronoUnit.MINUTES);
		Map<String, Object> params = Map.of("provider", provider.key(), "start", Timestamp.from(start), "stop",
				Timestamp.from(stop));
		List<EndpointUsage> endpoints = this.jdbc.sql(ENDPOINT_SUMMARY).params(params).query((rs, i) -> {
			long[] buckets = buckets(rs.getArray("buckets"));
			long max = rs.getLong("latency_max");
			return new EndpointUsage(rs.getString("endpoint_name"), rs.getLong("calls"), rs.getLong("errors"),
					LatencyBuckets.percentile(buckets, 0.5, max), LatencyBuckets.percentile(buckets, 0.95, max), max,
					rs.getTimestamp("last_used_at").toInstant(), buckets);
		}).list();
		List<BotUsage> bots = this.jdbc.sql(BOT_SUMMARY)
			.params(params)
			.param("limit", 10)
			.query((rs, i) -> new BotUsage(rs.getObject("bot_id", UUID.class), rs.getLong("calls"), rs.getLong("errors"),
					rs.getTimestamp("last_used_at").toInstant()))
			.list();
		long[] all = new long[LatencyBuckets.COUNT];
		long calls = 0;
		long errors = 0;
		long max = 0;
		for (EndpointUsage endpoint : endpoints) {
			calls += endpoint.calls();
			errors += endpoint.errors();
			max = Math.max(max, endpoint.latencyMaxMs());
			for (int b = 0; b < all.length; b++) {
				all[b] += endpoint.latencyBuckets()[b];
			}
		}
		Optional<LastUse> lastUse = lastUse(provider);
		return new UsageSummary(provider.key(), start, stop, calls, errors,
				LatencyBuckets.percentile(all, 0.5, max), LatencyBuckets.percentile(all, 0.95, max), max,
				lastUse.map(LastUse::at).orElse(null), lastUse.map(LastUse::botId).orElse(null),
				endpoints.stream().limit(10).toList(), bots);
	}

	/**
	 * The proof fields of every provider that has ever been used: the most recent call (ever) and the
	 * number of calls in the last 24 hours. Providers never used are absent: no row is made up for them.
	 */
	public Map<ProviderKey, ProofOfUse> proofOfUse() {
		return use(Instant.now()).proofs();
	}

	/**
	 * In one query, what the integrations status needs of the usage: each used provider's proof fields
	 * ({@link #proofOfUse()}) and, for the error rate, its calls and failed calls since {@code recentSince}
	 * from the per-provider minute roll-ups (absent when it made none).
	 */
	public Use use(Instant recentSince) {
		Map<ProviderKey, ProofOfUse> proofs = new java.util.EnumMap<>(ProviderKey.class);
		Map<ProviderKey, CallCounts> recent = new java.util.EnumMap<>(ProviderKey.class);
		this.jdbc.sql("""
				SELECT p.provider, l.last_used_at, l.last_used_by_bot_id, coalesce(v.calls_24h, 0) AS calls_24h,
				    coalesce(v.errors_24h, 0) AS errors_24h, r.calls AS recent_calls, r.errors AS recent_errors
				FROM unnest(?::text[]) AS p(provider)
				LEFT JOIN integration_usage_last_used l ON l.provider = p.provider
				LEFT JOIN v_usage_24h v ON v.provider = p.provider
				LEFT JOIN (SELECT provider, sum(calls) AS calls, sum(errors) AS errors FROM integration_usage_provider_minute
				           WHERE bucket_start >= ? GROUP BY provider) r ON r.provider = p.provider""")
			.params(PROVIDER_KEYS, java.sql.Timestamp.from(recentSince))
			.query((rs) -> {
				ProviderKey provider = ProviderKey.parse(rs.getString("provider")).orElseThrow();
				java.sql.Timestamp lastUsedAt = rs.getTimestamp("last_used_at");
				if (lastUsedAt != null) {
					proofs.put(provider, new ProofOfUse(provider, lastUsedAt.toInstant(),
							rs.getObject("last_used_by_bot_id", UUID.class), rs.getLong("calls_24h"), rs.getLong("errors_24h")));
				}
				long calls = rs.getLong("recent_calls");
				if (calls > 0) {
					recent.put(provider, new CallCounts(provider, calls, rs.getLong("recent_errors")));
				}
			});
		return new Use(proofs, recent);
	}

	private static final String[] PROVIDER_KEYS = java.util.Arrays.stream(ProviderKey.values())
		.map(ProviderKey::key)
		.toArray(String[]::new);

	/**
	 * @param proofs each used provider's proof fields
	 * @param recent each provider's calls in the recent window, when it made any
	 */
	public record Use(Map<ProviderKey, ProofOfUse> proofs, Map<ProviderKey, CallCounts> recent) {
	}

	/** The most recent call of a provider, ever: the proof fields of the integrations status. */
	public Optional<LastUse> lastUse(ProviderKey provider) {
		return this.jdbc.sql("SELECT last_used_at, last_used_by_bot_id, last_endpoint_name"
				+ " FROM integration_usage_last_used WHERE provider = ?")
			.param(provider.key())
			.query((rs, i) -> new LastUse(rs.getTimestamp(1).toInstant(), rs.getObject(2, UUID.class), rs.getString(3)))
			.optional();
	}

	private static UsageEventView event(ResultSet rs, int row) throws SQLException {
		Integer httpStatus = (Integer) rs.getObject("http_status");
		return new UsageEventView(rs.getObject("id", UUID.class), rs.getString("provider"),
				rs.getString("endpoint_name"), rs.getObject("bot_id", UUID.class), rs.getObject("account_id", UUID.class),
				rs.getString("status"), httpStatus, rs.getInt("latency_ms"), rs.getTimestamp("created_at").toInstant(),
				rs.getString("trace_id"), JSON.readValue(rs.getString("metadata"), new TypeReference<Map<String, Object>>() {
				}));
	}

	private static long[] buckets(@Nullable Array array) throws SQLException {
		long[] buckets = new long[LatencyBuckets.COUNT];
		if (array != null) {
			Long[] values = (Long[]) array.getArray();
			for (int i = 0; i < Math.min(values.length, buckets.length); i++) {
				buckets[i] = (values[i] != null) ? values[i] : 0;
			}
		}
		return buckets;
	}

	/** Which raw events to list; every field is optional. */
	public record EventFilter(@Nullable ProviderKey provider, @Nullable UUID botId, @Nullable UsageStatus status,
			@Nullable Instant since, @Nullable Instant until) {
	}

	public record UsageEventView(UUID id, String provider, String endpointName, @Nullable UUID botId,
			@Nullable UUID accountId, String status, @Nullable Integer httpStatus, int latencyMs, Instant createdAt,
			String traceId, Map<String, Object> metadataSafeJson) {
	}

	public record EventPage(List<UsageEventView> events, @Nullable String nextCursor) {
	}

	public record EndpointUsage(String endpointName, long calls, long errors, long latencyP50Ms, long latencyP95Ms,
			long latencyMaxMs, Instant lastUsedAt, long[] latencyBuckets) {
	}

	public record BotUsage(UUID botId, long calls, long errors, Instant lastUsedAt) {
	}

	public record CallCounts(ProviderKey provider, long calls, long errors) {
	}

	public record LastUse(Instant at, @Nullable UUID botId, String endpointName) {
	}

	/**
	 * @param provider the provider
	 * @param lastUsedAt its most recent call
	 * @param lastUsedByBotId the bot of that call, or {@code null} when it was made outside any bot
	 * @param calls24h calls in the last 24 hours ({@code proof_of_use_count_24h})
	 * @param errors24h of which failed
	 */
	public record ProofOfUse(ProviderKey provider, Instant lastUsedAt, @Nullable UUID lastUsedByBotId, long calls24h,
			long errors24h) {
	}

	public record UsageSummary(String provider, Instant from, Instant to, long calls, long errors, long latencyP50Ms,
			long latencyP95Ms, long latencyMaxMs, @Nullable Instant lastUsedAt, @Nullable UUID lastUsedByBotId,
			List<EndpointUsage> topEndpoints, List<BotUsage> topBots) {
	}

	/** An opaque keyset position: the last row's created_at and id. */
	record Cursor(Instant createdAt, UUID id) {

		String encode() {
			return Base64.getUrlEncoder()
				.withoutPadding()
				.encodeToString((this.createdAt + "|" + this.id).getBytes(StandardCharsets.UTF_8));
		}

		static Cursor decode(String cursor) {
			try {
				String[] parts = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8).split("\\|");
				return new Cursor(Instant.parse(parts[0]), UUID.fromString(parts[1]));
			}
			catch (RuntimeException ex) {
				throw new ApiException(CommonErrorCode.INVALID_PARAMETER,
						"Parameter 'cursor' is not a cursor this API returned");
			}
		}

	}

}
