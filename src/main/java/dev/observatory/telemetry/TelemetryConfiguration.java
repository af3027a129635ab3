package dev.observatory.telemetry;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.observatory.database.DataDirectory;
import dev.observatory.database.DatabaseServer;
import io.micrometer.core.instrument.MeterRegistry;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Assembles the usage-event pipeline. The writer gets its own small connection pool, kept out of
 * the application context on purpose: it is not "the" DataSource, and PostgreSQL's own usage
 * figures, read from the main pool, then exclude the writer's statements (no recursion).
 */
@Configuration(proxyBeanMethods = false)
class TelemetryConfiguration {

	/** Plain JSON (no naming strategy): the spool and the metadata column are internal formats. */
	private static final JsonMapper INTERNAL_JSON = JsonMapper.builder().build();

	@Bean(destroyMethod = "close")
	WriterPool telemetryWriterPool(DatabaseServer server, TelemetryProperties properties) {
		HikariConfig config = server.target().poolConfig("observatory-telemetry");
		config.setMaximumPoolSize(properties.writerPoolSize());
		config.setMinimumIdle(1);
		config.setConnectionTimeout(2_000);
		// Never fail startup over telemetry: the main pool has already proven the database.
		config.setInitializationFailTimeout(-1);
		return new WriterPool(new HikariDataSource(config));
	}

	@Bean
	UsagePartitions usagePartitions() {
		return new UsagePartitions();
	}

	@Bean
	UsagePipeline usagePipeline(WriterPool pool, UsagePartitions partitions, DataDirectory dataDirectory,
			TelemetryProperties properties, Clock clock, MeterRegistry meters) {
		try {
			UsageSpool spool = new UsageSpool(dataDirectory.resolve("spool"), properties.spoolMaxSize().toBytes(),
					INTERNAL_JSON);
			return new UsagePipeline(new UsageBatchWriter(pool.dataSource(), partitions, INTERNAL_JSON,
					properties.insertMethod()), spool,
					properties, clock, meters);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("The usage spool under " + dataDirectory.root() + " cannot be opened", ex);
		}
	}

	/** The writer's pool, closed after the pipeline has flushed. */
	record WriterPool(HikariDataSource dataSource) implements AutoCloseable {

		@Override
		public void close() {
			this.dataSource.close();
		}

	}

}
