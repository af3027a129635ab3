package dev.observatory.telemetry;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import dev.observatory.common.time.Ids;
import dev.observatory.test.Await;
import dev.observatory.test.ObservatoryProcess;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.ds.PGSimpleDataSource;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * When the database is unreachable and the spool is full, events are dropped, but never silently:
 * they are counted, the count survives a restart, and it stays until it is acknowledged.
 */
class UsagePipelineLossTest {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@TempDir
	Path spoolDir;

	@Test
	void droppedEventsAreCountedRememberedAndAcknowledged() throws Exception {
		TelemetryProperties properties = new TelemetryProperties(10, 5, Duration.ofMillis(20), DataSize.ofBytes(4_000),
				Duration.ofMillis(100), Duration.ofDays(30), 1, Duration.ofMinutes(1), Duration.ofHours(1),
				UsageBatchWriter.InsertMethod.COPY);
		UsagePipeline pipeline = pipeline(properties);
		pipeline.start();
		try {
			for (int i = 0; i < 100; i++) {
				pipeline.offer(event());
			}
			Await.until(Duration.ofSeconds(20), "events are dropped once the spool is full",
					() -> pipeline.health().droppedEvents() > 0);
			TelemetryHealth health = pipeline.health();
			assertThat(health.databaseWritable()).isFalse();
			assertThat(health.spooledEvents()).isPositive();
			assertThat(health.droppedSince()).isNotNull();
		}
		finally {
			pipeline.stop();
		}
		long dropped = pipeline.health().droppedEvents();
		assertThat(dropped).isPositive();
		long spooled = pipeline.health().spooledEvents();
		assertThat(spooled + dropped).as("nothing vanished: spooled plus dropped is every event").isEqualTo(100);

		UsagePipeline restarted = pipeline(properties);
		assertThat(restarted.health().droppedEvents()).as("the loss survives a restart").isEqualTo(dropped);
		assertThat(restarted.health().spooledEvents()).as("so does the spool").isEqualTo(spooled);
		assertThat(restarted.acknowledgeLoss()).isEqualTo(dropped);
		assertThat(restarted.health().hasUnacknowledgedLoss()).isFalse();
		assertThat(pipeline(properties).health().droppedEvents()).as("the acknowledgement is kept too").isZero();
	}

	@Test
	void whileTheDatabaseIsAwayTheWriterKeepsTheQueueMovingToTheSpool() throws Exception {
		TelemetryProperties properties = new TelemetryProperties(1_000, 100, Duration.ofMillis(20), DataSize.ofMegabytes(50),
				Duration.ofSeconds(2), Duration.ofDays(30), 1, Duration.ofMinutes(1), Duration.ofHours(1),
				UsageBatchWriter.InsertMethod.COPY);
		SimpleMeterRegistry meters = new SimpleMeterRegistry();
		UsagePipeline pipeline = pipeline(properties, meters);
		pipeline.start();
		try {
			// About one call a millisecond for 3 s: 3,000 events, three times the queue, across several
			// retry backoffs of up to 2 s.
			for (int i = 0; i < 3_000; i++) {
				pipeline.offer(event());
				java.util.concurrent.locks.LockSupport.parkNanos(1_000_000);
			}
			Await.until(Duration.ofSeconds(20), "every event is spooled",
					() -> pipeline.health().spooledEvents() == 3_000);
		}
		finally {
			pipeline.stop();
		}
		assertThat(meters.counter("observatory.telemetry.caller.spills").count())
			.as("no caller had to spool its own event").isZero();
		assertThat(pipeline.health().droppedEvents()).isZero();
	}

	private UsagePipeline pipeline(TelemetryProperties properties) throws Exception {
		return pipeline(properties, new SimpleMeterRegistry());
	}

	private UsagePipeline pipeline(TelemetryProperties properties, SimpleMeterRegistry meters) throws Exception {
		PGSimpleDataSource unreachable = new PGSimpleDataSource();
		unreachable.setURL("jdbc:postgresql://127.0.0.1:" + ObservatoryProcess.freePort() + "/nowhere");
		unreachable.setConnectTimeout(1);
		UsageBatchWriter writer = new UsageBatchWriter(unreachable, new UsagePartitions(), JSON, UsageBatchWriter.InsertMethod.COPY);
		UsageSpool spool = new UsageSpool(Files.createDirectories(this.spoolDir.resolve("spool")),
				properties.spoolMaxSize().toBytes(), JSON);
		return new UsagePipeline(writer, spool, properties, Clock.systemUTC(), meters);
	}

	private static UsageEvent event() {
		return new UsageEvent(Ids.newId(), ProviderKey.OPENAI, "openai.models", UUID.randomUUID(), null, UsageStatus.OK,
				200, 12, Instant.now(), "0af7651916cd43dd8448eb211c80319c", Map.of());
	}

}
