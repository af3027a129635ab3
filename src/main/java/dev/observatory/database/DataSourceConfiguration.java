package dev.observatory.database;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.metrics.micrometer.MicrometerMetricsTrackerFactory;
import dev.observatory.common.secrets.Env;
import dev.observatory.common.secrets.EnvVar;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Chooses the database (external when {@code DATABASE_URL} is set, embedded otherwise), waits until
 * it answers, and pools connections to it. Without this wait a slow database would surface as a
 * half-started service; with it, startup either has a database or exits saying why.
 */
@Configuration(proxyBeanMethods = false)
class DataSourceConfiguration {

	private static final Logger log = LoggerFactory.getLogger(DataSourceConfiguration.class);

	@Bean(destroyMethod = "close")
	DatabaseServer databaseServer(Env env, DatabaseProperties properties, DataDirectory dataDirectory) {
		return env.secret(EnvVar.DATABASE_URL)
			.map((url) -> DatabaseServer.external(DatabaseUrl.parse(url)))
			.orElseGet(() -> EmbeddedDatabaseServer.start(dataDirectory, properties.embedded()));
	}

	@Bean(destroyMethod = "close")
	HikariDataSource dataSource(DatabaseServer server, DatabaseProperties properties, MeterRegistry meters) {
		ConnectionTarget target = server.target();
		StartupConnectionProbe.await(target, properties.startupTimeout(), properties.connectTimeout());
		HikariConfig config = target.poolConfig("observatory");
		config.setMaximumPoolSize(properties.poolSize());
		config.setMinimumIdle(Math.min(2, properties.poolSize()));
		config.setConnectionTimeout(properties.connectTimeout().toMillis());
		// Pool statistics are PostgreSQL's own proof of use (telemetry reads them once a minute).
		config.setMetricsTrackerFactory(new MicrometerMetricsTrackerFactory(meters));
		log.info("Database: PostgreSQL at {} ({})", target.displayName(),
				server.embedded() ? "embedded, data in " + ((EmbeddedDatabaseServer) server).dataDirectory()
						: "external, from DATABASE_URL");
		return new HikariDataSource(config);
	}

}
