package dev.observatory.test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

import org.postgresql.ds.PGSimpleDataSource;

/**
 * A database of its own on the machine's PostgreSQL (127.0.0.1:5432, trust auth), for tests that
 * need Observatory on an external database: created with a random name, dropped when closed, so no
 * run sees another's rows.
 */
public final class ScratchDatabase implements AutoCloseable {

	private static final String ADMIN_URL = "jdbc:postgresql://127.0.0.1:5432/test";

	private final String name;

	private ScratchDatabase(String name) {
		this.name = name;
	}

	public static ScratchDatabase create(String prefix) {
		ScratchDatabase database = new ScratchDatabase(prefix + "_" + UUID.randomUUID().toString().replace("-", ""));
		execute(ADMIN_URL, "CREATE DATABASE " + database.name);
		return database;
	}

	public String name() {
		return this.name;
	}

	public String jdbcUrl() {
		return "jdbc:postgresql://127.0.0.1:5432/" + this.name;
	}

	/** The first column of the first row of a query, as a long. */
	public long queryForLong(String sql) {
		try (Connection connection = dataSource(jdbcUrl()).getConnection(); Statement statement = connection.createStatement();
				ResultSet rows = statement.executeQuery(sql)) {
			rows.next();
			return rows.getLong(1);
		}
		catch (SQLException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** The first column of the first row of a query, as a string. */
	public String queryString(String sql) {
		try (Connection connection = dataSource(jdbcUrl()).getConnection(); Statement statement = connection.createStatement();
				ResultSet rows = statement.executeQuery(sql)) {
			rows.next();
			return rows.getString(1);
		}
		catch (SQLException ex) {
			throw new IllegalStateException(ex);
		}
	}

	public Connection connect() throws SQLException {
		return dataSource(jdbcUrl()).getConnection();
	}

	@Override
	public void close() {
		execute(ADMIN_URL, "DROP DATABASE IF EXISTS " + this.name + " WITH (FORCE)");
	}

	private static void execute(String url, String sql) {
		try (Connection connection = dataSource(url).getConnection(); Statement statement = connection.createStatement()) {
			statement.execute(sql);
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Could not run '" + sql + "' on the machine's PostgreSQL", ex);
		}
	}

	private static PGSimpleDataSource dataSource(String url) {
		PGSimpleDataSource dataSource = new PGSimpleDataSource();
		dataSource.setURL(url);
		dataSource.setUser("postgres");
		return dataSource;
	}

}
