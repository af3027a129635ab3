package dev.observatory.common.locks;

import java.util.Optional;

import javax.sql.DataSource;

import net.javacrumbs.shedlock.core.LockProvider;
import net.javacrumbs.shedlock.provider.jdbctemplate.JdbcTemplateLockProvider;
import net.javacrumbs.shedlock.provider.sql.DatabaseProduct;
import net.javacrumbs.shedlock.spring.annotation.EnableSchedulerLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Scheduled loops annotated {@code @SchedulerLock} run on one replica at a time: a row in the
 * {@code shedlock} table, its expiry judged by PostgreSQL's clock so replicas with drifting clocks
 * still agree. A replica that dies holding a lock loses it at {@code lockAtMostFor}. A runner-only
 * process ({@link ProcessRole#RUNNER}) never acquires one, so it never runs those loops.
 */
@Configuration(proxyBeanMethods = false)
@EnableSchedulerLock(defaultLockAtMostFor = "PT10M")
class SchedulerLockConfiguration {

	private static final Logger log = LoggerFactory.getLogger(SchedulerLockConfiguration.class);

	@Bean
	LockProvider lockProvider(DataSource dataSource, @Value("${observatory.role:ALL}") ProcessRole role) {
		if (role == ProcessRole.RUNNER) {
			log.info("Runner-only process (OBSERVATORY_ROLE=runner): the singleton control loops run on other replicas");
			return (configuration) -> Optional.empty();
		}
		return new JdbcTemplateLockProvider(JdbcTemplateLockProvider.Configuration.builder()
			.withJdbcTemplate(new JdbcTemplate(dataSource))
			// Named, not detected: detection needs a connection, and a pass while the database is away
			// must fail as "database unavailable", not as an unknown product.
			.withDatabaseProduct(DatabaseProduct.POSTGRES_SQL)
			.usingDbTime()
			.build());
	}

}
