package dev.observatory.telemetry;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.observatory.common.time.Ids;
import dev.observatory.test.ObservatoryTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/** Writing is idempotent: a retried or replayed batch changes no count, in the events or the roll-ups. */
@ObservatoryTest
class UsageBatchWriterTest {

	@Autowired
	TelemetryConfiguration.WriterPool pool;

	@Autowired
	UsagePartitions partitions;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	PartitionMaintenance maintenance;

	@ParameterizedTest
	@EnumSource(UsageBatchWriter.InsertMethod.class)
	void batchWrittenTwiceCountsOnce(UsageBatchWriter.InsertMethod method) throws Exception {
		UsageBatchWriter writer = writer(method);
		UUID bot = UUID.randomUUID();
		List<UsageEvent> batch = new ArrayList<>();
		Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
		for (int i = 0; i < 250; i++) {
			batch.add(event(ProviderKey.DATABENTO, bot, now.minusMillis(i), (i % 10 == 0) ? UsageStatus.SERVER_ERROR : UsageStatus.OK, i));
		}

		assertThat(writer.write(batch)).isEqualTo(250);
		assertThat(writer.write(batch)).as("second write inserts nothing").isZero();
		assertThat(writer.write(batch.subList(100, 250))).isZero();

		assertThat(count("SELECT count(*) FROM integration_usage_events WHERE bot_id = ?", bot)).isEqualTo(250);
		assertThat(count("SELECT sum(calls) FROM integration_usage_bot_minute WHERE bot_id = ?", bot)).isEqualTo(250);
		assertThat(count("SELECT sum(calls) FROM integration_usage_bot_hour WHERE bot_id = ?", bot)).isEqualTo(250);
		assertThat(count("SELECT sum(errors) FROM integration_usage_bot_minute WHERE bot_id = ?", bot)).isEqualTo(25);
		assertThat(count("""
				SELECT sum(calls) FROM integration_usage_minute WHERE provider = 'databento' AND endpoint_name = ?""",
				"databento.test." + bot)).isEqualTo(250);
		assertThat(count("""
				SELECT sum(server_error_count) FROM integration_usage_hour WHERE provider = 'databento' AND endpoint_name = ?""",
				"databento.test." + bot)).isEqualTo(25);
		assertThat(count("""
				SELECT sum(b) FROM integration_usage_minute, unnest(latency_buckets) b
				WHERE provider = 'databento' AND endpoint_name = ?""", "databento.test." + bot))
			.as("every call lands in one latency bucket").isEqualTo(250);
	}

	@Test
	void eventOfADayWithoutPartitionGetsOne() throws Exception {
		UsageBatchWriter writer = writer(UsageBatchWriter.InsertMethod.COPY);
		UUID bot = UUID.randomUUID();
		Instant tenDaysAgo = Instant.now().minus(10, ChronoUnit.DAYS).truncatedTo(ChronoUnit.MICROS);
		assertThat(writer.write(List.of(event(ProviderKey.OPENAI, bot, tenDaysAgo, UsageStatus.OK, 5)))).isEqualTo(1);
		assertThat(count("SELECT count(*) FROM integration_usage_events WHERE bot_id = ?", bot)).isEqualTo(1);
	}

	@Test
	void partitionsPastRetentionAreDroppedAndTheComingDaysCreated() throws Exception {
		UsageBatchWriter writer = writer(UsageBatchWriter.InsertMethod.COPY);
		UUID bot = UUID.randomUUID();
		Instant old = Instant.now().minus(40, ChronoUnit.DAYS).truncatedTo(ChronoUnit.MICROS);
		writer.write(List.of(event(ProviderKey.OPENAI, bot, old, UsageStatus.OK, 5)));
		assertThat(count("SELECT count(*) FROM integration_usage_bot_minute WHERE bot_id = ?", bot)).isEqualTo(1);
		assertThat(count("SELECT count(*) FROM integration_usage_provider_minute WHERE provider = ? AND bucket_start < now()"
				+ " - interval '35 days'", "openai")).isEqualTo(1);
		String oldPartition = "integration_usage_events_p" + UsagePartitions.dayOf(old).toString().replace("-", "");
		String inThreeDays = "integration_usage_events_p"
				+ UsagePartitions.dayOf(Instant.now().plus(3, ChronoUnit.DAYS)).toString().replace("-", "");
		assertThat(partitionExists(oldPartition)).isTrue();

		this.maintenance.maintain();

		assertThat(partitionExists(oldPartition)).as("past the 30-day retention").isFalse();
		assertThat(partitionExists(inThreeDays)).as("created ahead").isTrue();
		assertThat(count("SELECT count(*) FROM integration_usage_events WHERE bot_id = ?", bot)).isZero();
		assertThat(count("SELECT count(*) FROM integration_usage_bot_minute WHERE bot_id = ?", bot)).isZero();
		assertThat(count("SELECT count(*) FROM integration_usage_bot_hour WHERE bot_id = ?", bot)).isZero();
		assertThat(count("SELECT count(*) FROM integration_usage_minute WHERE endpoint_name = ?", "openai.test." + bot))
			.as("endpoint roll-ups past retention").isZero();
		assertThat(count("SELECT count(*) FROM integration_usage_hour WHERE endpoint_name = ?", "openai.test." + bot))
			.isZero();
		assertThat(count("SELECT count(*) FROM integration_usage_provider_minute WHERE provider = ? AND bucket_start < now()"
				+ " - interval '35 days'", "openai")).as("provider roll-ups past retention").isZero();
		assertThat(count("SELECT count(*) FROM integration_usage_provider_hour WHERE provider = ? AND bucket_start < now()"
				+ " - interval '35 days'", "openai")).isZero();
	}

	@Test
	void summaryCountsExactlyTheCallsInsideTheWindow() throws Exception {
		UsageBatchWriter writer = writer(UsageBatchWriter.InsertMethod.COPY);
		Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
		UUID bot = UUID.randomUUID();
		List<UsageEvent> events = new ArrayList<>();
		for (long minutesAgo : new long[] { 121, 61, 59, 30, 1 }) {
			events.add(event(ProviderKey.ZAPIER, bot, now.minus(minutesAgo, ChronoUnit.MINUTES), UsageStatus.OK, 3));
		}
		writer.write(events);
		UsageQueries queries = new UsageQueries(this.jdbc);

		UsageQueries.UsageSummary lastHour = queries.summary(ProviderKey.ZAPIER, java.time.Duration.ofHours(1), now);
		UsageQueries.UsageSummary lastTwoHours = queries.summary(ProviderKey.ZAPIER, java.time.Duration.ofHours(2), now);
		UsageQueries.UsageSummary lastTenMinutes = queries.summary(ProviderKey.ZAPIER, java.time.Duration.ofMinutes(10), now);

		// 59, 30 and 1 minutes ago, not 61: whichever of them fall in the ragged first hour (minute rows)
		// or in whole hours (hour rows) depends on the clock, and the counts must not.
		assertThat(lastHour.calls()).isEqualTo(3);
		assertThat(lastTwoHours.calls()).isEqualTo(4);
		assertThat(lastTenMinutes.calls()).isEqualTo(1);
		assertThat(lastHour.topBots()).singleElement().satisfies((top) -> assertThat(top.calls()).isEqualTo(3));

		UsageQueries.ProofOfUse proof = queries.proofOfUse().get(ProviderKey.ZAPIER);
		assertThat(proof.calls24h()).as("121, 61, 59, 30 and 1 minutes ago are all within 24 hours").isEqualTo(5);
		assertThat(proof.lastUsedByBotId()).isEqualTo(bot);
		assertThat(proof.lastUsedAt()).isEqualTo(events.get(events.size() - 1).createdAt());
		assertThat(queries.proofOfUse()).as("a provider never used has no proof").doesNotContainKey(ProviderKey.IRONBEAM);
	}

	@Test
	void aConnectionCheckIsAnEventButNotProofOfUse() throws Exception {
		UsageBatchWriter writer = writer(UsageBatchWriter.InsertMethod.COPY);
		Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
		UsageEvent check = new UsageEvent(Ids.newId(), ProviderKey.ANTHROPIC, "anthropic.verify", null, null,
				UsageStatus.OK, 200, 12, now, "0af7651916cd43dd8448eb211c80319c", Map.of());
		writer.write(List.of(check));
		UsageQueries queries = new UsageQueries(this.jdbc);
		assertThat(this.jdbc.sql("SELECT count(*) FROM integration_usage_events WHERE provider = 'anthropic'")
			.query(Long.class)
			.single()).isEqualTo(1);
		assertThat(queries.summary(ProviderKey.ANTHROPIC, java.time.Duration.ofHours(1), now).calls()).isEqualTo(1);
		assertThat(queries.proofOfUse()).as("a verify proves a key, not use").doesNotContainKey(ProviderKey.ANTHROPIC);

		writer.write(List.of(event(ProviderKey.ANTHROPIC, UUID.randomUUID(), now.plusMillis(1), UsageStatus.OK, 40)));
		assertThat(queries.proofOfUse().get(ProviderKey.ANTHROPIC).calls24h()).isEqualTo(1);
	}

	@Test
	void providerRollupsCountEveryCallAndTheirProofLeavesOutVerifies() throws Exception {
		UsageBatchWriter writer = writer(UsageBatchWriter.InsertMethod.UNNEST);
		// A minute a week ago that no other test writes into.
		Instant minute = Instant.now().minus(7, ChronoUnit.DAYS).truncatedTo(ChronoUnit.MINUTES);
		UUID bot = UUID.randomUUID();
		List<UsageEvent> batch = new ArrayList<>();
		for (int i = 0; i < 10; i++) {
			batch.add(event(ProviderKey.TRADOVATE, bot, minute.plusSeconds(i), (i < 3) ? UsageStatus.SERVER_ERROR : UsageStatus.OK, 7));
		}
		for (int i = 0; i < 4; i++) {
			batch.add(new UsageEvent(Ids.newId(), ProviderKey.TRADOVATE, "tradovate.verify", null, null,
					(i == 0) ? UsageStatus.AUTH_FAILED : UsageStatus.OK, 200, 9, minute.plusSeconds(30 + i),
					"0af7651916cd43dd8448eb211c80319c", Map.of()));
		}
		writer.write(batch);
		writer.write(batch);

		for (String table : List.of("integration_usage_provider_minute", "integration_usage_provider_hour")) {
			Instant bucket = table.endsWith("minute") ? minute : minute.truncatedTo(ChronoUnit.HOURS);
			Map<String, Object> row = this.jdbc.sql("SELECT calls, errors, proof_calls, proof_errors, proof_last_used_at FROM "
					+ table + " WHERE provider = 'tradovate' AND bucket_start = ?")
				.param(java.sql.Timestamp.from(bucket))
				.query()
				.singleRow();
			assertThat(row).as(table).containsEntry("calls", 14L).containsEntry("errors", 4L)
				.containsEntry("proof_calls", 10L).containsEntry("proof_errors", 3L);
			assertThat(((java.sql.Timestamp) row.get("proof_last_used_at")).toInstant()).as("the last call, not the verify")
				.isEqualTo(minute.plusSeconds(9));
		}
	}

	private UsageBatchWriter writer(UsageBatchWriter.InsertMethod method) {
		return new UsageBatchWriter(this.pool.dataSource(), this.partitions, JsonMapper.builder().build(), method);
	}

	private boolean partitionExists(String name) {
		return this.jdbc.sql("SELECT count(*) FROM pg_class WHERE relname = ?").param(name).query(Long.class).single() == 1;
	}

	private long count(String sql, Object parameter) {
		Long value = this.jdbc.sql(sql).param(parameter).query(Long.class).single();
		return (value != null) ? value : 0;
	}

	private static UsageEvent event(ProviderKey provider, UUID bot, Instant at, UsageStatus status, int latencyMs) {
		return new UsageEvent(Ids.newId(), provider, provider.key() + ".test." + bot, bot, null, status,
				(status == UsageStatus.OK) ? 200 : 503, latencyMs, at, "0af7651916cd43dd8448eb211c80319c",
				Map.of("record_count", 1));
	}

}
