package dev.observatory.autonomy;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

import javax.sql.DataSource;

import dev.observatory.common.locks.ProcessRole;
import org.jspecify.annotations.Nullable;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Wakes the supervisor across replicas with PostgreSQL {@code LISTEN/NOTIFY}: a replica where a
 * runner crashed or a heartbeat timed out notifies the channel, and every replica that runs the
 * supervisor listens and tries a pass at once (the loop's lock still lets one run at a time). This
 * matters most for runner-only replicas, which never run the supervisor themselves. The listener
 * holds one pool connection; if it breaks, it reconnects after a pause, and the 2-minute tick
 * remains the safety net meanwhile.
 */
@Component
class SupervisorSignals implements SmartLifecycle {

	static final String CHANNEL = "observatory_supervisor";

	private static final Logger log = LoggerFactory.getLogger(SupervisorSignals.class);

	private static final Duration RECONNECT_PAUSE = Duration.ofSeconds(5);

	private final DataSource dataSource;

	private final JdbcClient jdbc;

	private final Supervisor supervisor;

	private final boolean listens;

	private volatile boolean running;

	private volatile @Nullable Thread listener;

	SupervisorSignals(DataSource dataSource, JdbcClient jdbc, Supervisor supervisor, AutonomyProperties properties,
			@Value("${observatory.role:ALL}") ProcessRole role) {
		this.dataSource = dataSource;
		this.jdbc = jdbc;
		this.supervisor = supervisor;
		this.listens = properties.supervisor().enabled() && role == ProcessRole.ALL;
	}

	/** Tells the other replicas' supervisors to look now. Best effort: their tick is the safety net. */
	void notifyOthers(String cause) {
		try {
			this.jdbc.sql("SELECT pg_notify(?, ?)").params(CHANNEL, cause).query(Object.class).list();
		}
		catch (RuntimeException ex) {
			log.debug("Supervisor notification not sent: {}", ex.getClass().getSimpleName());
		}
	}

	private void listen() {
		while (this.running) {
			try (Connection connection = this.dataSource.getConnection(); Statement statement = connection.createStatement()) {
				statement.execute("LISTEN " + CHANNEL);
				PGConnection postgres = connection.unwrap(PGConnection.class);
				while (this.running) {
					PGNotification[] notifications = postgres.getNotifications(1000);
					if (notifications != null && notifications.length > 0) {
						this.supervisor.wake(Duration.ZERO);
					}
				}
			}
			catch (SQLException | RuntimeException ex) {
				if (!this.running) {
					return;
				}
				log.warn("Supervisor listener lost its connection ({}); reconnecting in {}", ex.getClass().getSimpleName(),
						RECONNECT_PAUSE);
				try {
					Thread.sleep(RECONNECT_PAUSE);
				}
				catch (InterruptedException interrupted) {
					Thread.currentThread().interrupt();
					return;
				}
			}
		}
	}

	@Override
	public void start() {
		this.running = true;
		if (this.listens) {
			this.listener = Thread.ofVirtual().name("supervisor-listener").start(this::listen);
		}
	}

	@Override
	public void stop() {
		this.running = false;
		Thread thread = this.listener;
		if (thread != null) {
			// Its wait for notifications lasts at most a second; let it return its connection before the pool closes.
			try {
				thread.join(Duration.ofSeconds(3));
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

}
