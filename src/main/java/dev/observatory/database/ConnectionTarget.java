package dev.observatory.database;

import java.util.Map;
import java.util.stream.Collectors;

import com.zaxxer.hikari.HikariConfig;
import dev.observatory.common.secrets.Secret;
import org.jspecify.annotations.Nullable;

/**
 * Where the database is and who to log in as. The password stays a {@link Secret}; the JDBC URL
 * built here never contains credentials, so it is safe in logs and exception messages.
 *
 * @param host host name or address
 * @param port TCP port
 * @param database database name
 * @param user login role, or {@code null} to let the driver default it
 * @param password the password, or {@code null} when the server does not ask for one
 * @param parameters driver parameters from the URL's query ({@code sslmode} and the like)
 */
public record ConnectionTarget(String host, int port, String database, @Nullable String user,
		@Nullable Secret password, Map<String, String> parameters) {

	public ConnectionTarget {
		parameters = Map.copyOf(parameters);
	}

	/** {@code jdbc:postgresql://host:port/db?params}, never with user or password. */
	public String jdbcUrl() {
		String query = this.parameters.entrySet()
			.stream()
			.sorted(Map.Entry.comparingByKey())
			.map((entry) -> entry.getKey() + "=" + entry.getValue())
			.collect(Collectors.joining("&"));
		return "jdbc:postgresql://" + hostAndPort() + "/" + this.database + (query.isEmpty() ? "" : "?" + query);
	}

	/**
	 * A pool configuration for this target: the credential-free URL, and user and password as
	 * separate properties. Callers add their sizes and timeouts.
	 */
	public HikariConfig poolConfig(String poolName) {
		HikariConfig config = new HikariConfig();
		config.setPoolName(poolName);
		config.setJdbcUrl(jdbcUrl());
		if (this.user != null) {
			config.setUsername(this.user);
		}
		if (this.password != null) {
			config.setPassword(this.password.reveal());
		}
		config.addDataSourceProperty("ApplicationName", poolName);
		return config;
	}

	/** {@code host:port/db}: how logs and diagnostics name the database. */
	public String displayName() {
		return hostAndPort() + "/" + this.database;
	}

	private String hostAndPort() {
		String shownHost = this.host.contains(":") ? "[" + this.host + "]" : this.host;
		return shownHost + ":" + this.port;
	}

}
