package dev.observatory.database;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real PostgreSQL started from the binaries shipped in a Maven artifact, with its data kept under
 * {@code <data-dir>/pg} across restarts and its binaries under {@code <data-dir>/pg-bin}.
 *
 * <p>Two things differ from the library's test-oriented defaults. It runs durable (fsync,
 * synchronous commit and full-page writes on), because a control plane that loses committed rows
 * on a power cut is not fail-closed. And it copes with the server a killed process leaves behind:
 * PostgreSQL outlives a {@code kill -9} of the JVM that started it, so before starting, the
 * server holding the data directory is stopped cleanly. A file lock tells that case apart from a
 * second Observatory that is really using the same folder, which is refused.
 */
final class EmbeddedDatabaseServer implements DatabaseServer {

	private static final Logger log = LoggerFactory.getLogger(EmbeddedDatabaseServer.class);

	private static final Duration STALE_SERVER_STOP_WAIT = Duration.ofSeconds(30);

	private final Path dataDirectory;

	private final FileChannel lockChannel;

	private final FileLock lock;

	private final EmbeddedPostgres postgres;

	private EmbeddedDatabaseServer(Path dataDirectory, FileChannel lockChannel, FileLock lock,
			EmbeddedPostgres postgres) {
		this.dataDirectory = dataDirectory;
		this.lockChannel = lockChannel;
		this.lock = lock;
		this.postgres = postgres;
	}

	static EmbeddedDatabaseServer start(DataDirectory dataDir, DatabaseProperties.Embedded settings) {
		Path dataDirectory = dataDir.resolve("pg");
		Path binaries = (settings.binariesDir() != null) ? settings.binariesDir().toAbsolutePath()
				: dataDir.resolve("pg-bin");
		Path lockFile = dataDir.root().resolve("pg.lock");
		FileChannel channel = null;
		try {
			Files.createDirectories(binaries);
			channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
			FileLock lock = tryLock(channel);
			if (lock == null) {
				throw new DatabaseStartupException(
						"Another Observatory process is using the embedded database in " + dataDirectory,
						"Stop the other process, or give this one its own observatory.data-dir.");
			}
			stopServerLeftRunning(dataDirectory);
			EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
				.setDataDirectory(dataDirectory)
				.setCleanDataDirectory(false)
				.setOverrideWorkingDirectory(binaries.toFile())
				.setPort(settings.port())
				.setServerConfig("listen_addresses", "localhost")
				.setPGStartupWait(Duration.ofSeconds(60));
			durability(settings.durable()).forEach(builder::setServerConfig);
			EmbeddedPostgres postgres = builder.start();
			return new EmbeddedDatabaseServer(dataDirectory, channel, lock, postgres);
		}
		catch (IOException | RuntimeException ex) {
			closeQuietly(channel);
			if (ex instanceof DatabaseStartupException startup) {
				throw startup;
			}
			throw new DatabaseStartupException("The embedded PostgreSQL in " + dataDirectory
					+ " could not start (" + ex.getClass().getSimpleName() + ": " + ex.getMessage() + ")",
					"Check the log above for PostgreSQL's own message; free disk space and file permissions"
							+ " under the data directory are the usual causes.");
		}
	}

	/** The library starts PostgreSQL with {@code -F} (fsync off); these {@code -c} settings come after it and win. */
	static Map<String, String> durability(boolean durable) {
		String on = durable ? "on" : "off";
		return Map.of("fsync", on, "synchronous_commit", on, "full_page_writes", on);
	}

	private static FileLock tryLock(FileChannel channel) throws IOException {
		try {
			return channel.tryLock();
		}
		catch (OverlappingFileLockException ex) {
			return null;
		}
	}

	/**
	 * A live {@code postmaster.pid} while we hold the lock means the process that started this
	 * server died without stopping it. SIGTERM asks PostgreSQL for a clean shutdown; the dead
	 * process's sessions are already gone, so it does not wait long.
	 */
	private static void stopServerLeftRunning(Path dataDirectory) throws IOException {
		Path pidFile = dataDirectory.resolve("postmaster.pid");
		if (!Files.exists(pidFile)) {
			return;
		}
		List<String> lines = Files.readAllLines(pidFile);
		Optional<ProcessHandle> server = lines.isEmpty() ? Optional.empty() : parsePid(lines.get(0))
			.flatMap(ProcessHandle::of)
			.filter(ProcessHandle::isAlive)
			.filter((process) -> process.info().command().map((command) -> command.contains("postgres")).orElse(false));
		if (server.isEmpty()) {
			return;
		}
		ProcessHandle process = server.get();
		log.warn("Found the embedded PostgreSQL (pid {}) left running by a process that was killed; stopping it"
				+ " before starting afresh on {}", process.pid(), dataDirectory);
		process.destroy();
		try {
			process.onExit().get(STALE_SERVER_STOP_WAIT.toSeconds(), TimeUnit.SECONDS);
		}
		catch (TimeoutException ex) {
			log.warn("PostgreSQL (pid {}) did not stop within {}; killing it (it will recover from its WAL)",
					process.pid(), STALE_SERVER_STOP_WAIT);
			process.destroyForcibly();
			process.onExit().join();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IOException("Interrupted while stopping the PostgreSQL left running", ex);
		}
		catch (java.util.concurrent.ExecutionException ex) {
			throw new IOException("Could not wait for the PostgreSQL left running to stop", ex);
		}
	}

	private static Optional<Long> parsePid(String line) {
		try {
			return Optional.of(Long.parseLong(line.strip()));
		}
		catch (NumberFormatException ex) {
			return Optional.empty();
		}
	}

	@Override
	public ConnectionTarget target() {
		return new ConnectionTarget("localhost", this.postgres.getPort(), "postgres", "postgres", null, Map.of());
	}

	@Override
	public boolean embedded() {
		return true;
	}

	Path dataDirectory() {
		return this.dataDirectory;
	}

	@Override
	public void close() {
		try {
			this.postgres.close();
		}
		catch (IOException ex) {
			log.warn("The embedded PostgreSQL did not stop cleanly: {}", ex.getMessage());
		}
		finally {
			try {
				this.lock.release();
			}
			catch (IOException ex) {
				log.debug("Could not release the data directory lock", ex);
			}
			closeQuietly(this.lockChannel);
		}
	}

	private static void closeQuietly(FileChannel channel) {
		if (channel != null) {
			try {
				channel.close();
			}
			catch (IOException ex) {
				log.debug("Could not close the data directory lock", ex);
			}
		}
	}

}
