package dev.observatory.test;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The built jar, run as a real OS process with an environment of the test's choosing: for what only
 * a process shows (startup failures and exit codes, kill -9, what reaches stdout). Output goes to a
 * file under target/ that the test can read.
 */
public final class ObservatoryProcess implements AutoCloseable {

	private final Process process;

	private final Path log;

	private final int port;

	private ObservatoryProcess(Process process, Path log, int port) {
		this.process = process;
		this.log = log;
		this.port = port;
	}

	public static ObservatoryProcess start(Path workDir, Map<String, String> env, String... extraArgs)
			throws IOException {
		int port = freePort();
		Files.createDirectories(workDir);
		Path log = Files.createTempFile(workDir, "observatory-", ".log");
		String jar = System.getProperty("observatory.jar", "target/observatory.jar");
		String java = ProcessHandle.current().info().command().orElse("java");
		List<String> command = new ArrayList<>(List.of(java, "-Xmx512m", "-jar", Path.of(jar).toAbsolutePath().toString(),
				"--server.port=" + port));
		command.addAll(List.of(extraArgs));
		ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile())
			.redirectErrorStream(true)
			.redirectOutput(log.toFile());
		// A clean environment: nothing from the developer's shell leaks into the test.
		builder.environment().keySet().removeIf((name) -> !name.equals("PATH") && !name.equals("HOME"));
		builder.environment().putAll(env);
		return new ObservatoryProcess(builder.start(), log, port);
	}

	public int port() {
		return this.port;
	}

	public Http http() {
		return new Http("http://127.0.0.1:" + this.port);
	}

	/** Polls readiness until it is UP; false if the process died or the deadline passed. */
	public boolean awaitReady(Duration timeout) throws InterruptedException {
		long deadline = System.nanoTime() + timeout.toNanos();
		Http http = new Http("http://127.0.0.1:" + this.port);
		while (System.nanoTime() < deadline) {
			if (!this.process.isAlive()) {
				return false;
			}
			try {
				// Readiness, not overall health: the web server answers before start-up work
				// (ApplicationReadyEvent listeners) ends, and only then does readiness turn UP.
				// The overall status, not any component's: the body lists components (db UP) while the
				// readiness state itself is still OUT_OF_SERVICE, and then the endpoint answers 503.
				Http.Response readiness = http.get("/actuator/health/readiness");
				if (readiness.status() == 200 && "UP".equals(readiness.json().path("status").asString(""))) {
					return true;
				}
			}
			catch (RuntimeException notYetListening) {
				// keep polling
			}
			Thread.sleep(100);
		}
		return false;
	}

	/** Waits for the process to exit by itself; its exit code, or null if it is still running. */
	public Integer awaitExit(Duration timeout) throws InterruptedException {
		return this.process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS) ? this.process.exitValue() : null;
	}

	/** Everything the process printed so far (stdout and stderr). */
	public String output() {
		try {
			return Files.readString(this.log, StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new java.io.UncheckedIOException(ex);
		}
	}

	/** SIGKILL: no shutdown hook runs, so an embedded PostgreSQL is left behind on purpose. */
	public void killHard() throws InterruptedException {
		this.process.destroyForcibly();
		this.process.waitFor(30, TimeUnit.SECONDS);
	}

	@Override
	public void close() throws InterruptedException {
		if (this.process.isAlive()) {
			this.process.destroy();
			if (!this.process.waitFor(60, TimeUnit.SECONDS)) {
				this.process.destroyForcibly();
			}
		}
	}

	public static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

}
