package dev.observatory.database;

/**
 * The PostgreSQL server Observatory runs on: the embedded one it started itself, or the external
 * one {@code DATABASE_URL} names. Other modules read {@link #embedded()} (the status shows the
 * embedded database as a notice) and never connect through it: they use the pooled DataSource.
 */
public interface DatabaseServer extends AutoCloseable {

	ConnectionTarget target();

	/** True when Observatory runs its own PostgreSQL under the data directory. */
	boolean embedded();

	@Override
	void close();

	static DatabaseServer external(ConnectionTarget target) {
		return new DatabaseServer() {
			@Override
			public ConnectionTarget target() {
				return target;
			}

			@Override
			public boolean embedded() {
				return false;
			}

			@Override
			public void close() {
				// Somebody else's server: nothing to stop.
			}
		};
	}

}
