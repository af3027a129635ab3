package dev.observatory.database;

/**
 * Startup cannot reach or prepare the database. The message is safe to print (it names host, port,
 * database and SQLSTATE, never a password) and {@link #action()} says what to do about it.
 */
public final class DatabaseStartupException extends RuntimeException {

	private final String action;

	DatabaseStartupException(String message, String action) {
		super(message, null, false, false);
		this.action = action;
	}

	public String action() {
		return this.action;
	}

}
