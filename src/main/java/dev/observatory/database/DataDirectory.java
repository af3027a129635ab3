package dev.observatory.database;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The folder where Observatory keeps what must outlive a restart ({@code observatory.data-dir},
 * default {@code ./data}): the embedded database, its binaries, and later the telemetry spool.
 * It is checked at startup, so an unwritable folder stops the app with one line naming it.
 */
@Component
public class DataDirectory {

	private final Path root;

	DataDirectory(@Value("${observatory.data-dir:./data}") Path root) {
		this.root = root.toAbsolutePath().normalize();
		ensureWritable(this.root);
	}

	public Path root() {
		return this.root;
	}

	/** A sub-folder, created if missing. */
	public Path resolve(String name) {
		Path folder = this.root.resolve(name);
		ensureWritable(folder);
		return folder;
	}

	private static void ensureWritable(Path folder) {
		try {
			Files.createDirectories(folder);
		}
		catch (IOException | SecurityException ex) {
			throw new DatabaseStartupException("Data directory " + folder + " cannot be created ("
					+ ex.getClass().getSimpleName() + ")",
					"Make it writable for this user, or point observatory.data-dir (OBSERVATORY_DATA_DIR) elsewhere.");
		}
		if (!Files.isWritable(folder)) {
			throw new DatabaseStartupException("Data directory " + folder + " is not writable",
					"Make it writable for this user, or point observatory.data-dir (OBSERVATORY_DATA_DIR) elsewhere.");
		}
	}

}
