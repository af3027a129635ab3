package dev.observatory.database;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.observatory.common.secrets.EnvVar;
import dev.observatory.common.secrets.Secret;

/**
 * Parses {@code DATABASE_URL} in the forms hosting platforms hand out ({@code postgresql://} and
 * {@code postgres://user:pass@host:port/db?sslmode=...}, as Replit, Heroku and Supabase write them)
 * and {@code jdbc:postgresql:} URLs. User and password are percent-decoded and split off, so they
 * reach the driver as separate properties and never inside a URL string.
 *
 * <p>Errors never echo the input: a URL that fails to parse may hold a password anywhere in it.
 */
final class DatabaseUrl {

	static final int DEFAULT_PORT = 5432;

	private DatabaseUrl() {
	}

	static ConnectionTarget parse(Secret url) {
		String value = url.reveal().strip();
		String withoutJdbc = value.startsWith("jdbc:") ? value.substring("jdbc:".length()) : value;
		URI uri;
		try {
			uri = new URI(withoutJdbc);
		}
		catch (URISyntaxException ex) {
			throw invalid("it is not a valid URL");
		}
		String scheme = uri.getScheme();
		if (!"postgresql".equalsIgnoreCase(scheme) && !"postgres".equalsIgnoreCase(scheme)) {
			throw invalid("it must start with postgresql://, postgres:// or jdbc:postgresql://");
		}
		if (uri.getHost() == null || uri.getHost().isBlank()) {
			throw invalid("it names no host (a single host is supported)");
		}
		Map<String, String> parameters = parameters(uri.getRawQuery());
		String user = parameters.remove("user");
		String password = parameters.remove("password");
		String userInfo = uri.getRawUserInfo();
		if (userInfo != null) {
			int colon = userInfo.indexOf(':');
			user = decode((colon < 0) ? userInfo : userInfo.substring(0, colon));
			password = (colon < 0) ? password : decode(userInfo.substring(colon + 1));
		}
		String path = (uri.getRawPath() != null) ? uri.getRawPath().replaceFirst("^/", "") : "";
		String database = path.isEmpty() ? ((user != null) ? user : "postgres") : decode(path);
		int port = (uri.getPort() > 0) ? uri.getPort() : DEFAULT_PORT;
		Secret secretPassword = (password == null || password.isEmpty()) ? null
				: Secret.derivedFrom(EnvVar.DATABASE_URL, password);
		return new ConnectionTarget(uri.getHost(), port, database, user, secretPassword, parameters);
	}

	private static Map<String, String> parameters(String rawQuery) {
		Map<String, String> parameters = new LinkedHashMap<>();
		if (rawQuery == null || rawQuery.isEmpty()) {
			return parameters;
		}
		for (String pair : rawQuery.split("&")) {
			if (pair.isEmpty()) {
				continue;
			}
			int equals = pair.indexOf('=');
			String key = decode((equals < 0) ? pair : pair.substring(0, equals));
			String value = (equals < 0) ? "" : decode(pair.substring(equals + 1));
			parameters.put(key, value);
		}
		return parameters;
	}

	private static String decode(String value) {
		try {
			return URLDecoder.decode(value.replace("+", "%2B"), StandardCharsets.UTF_8);
		}
		catch (IllegalArgumentException ex) {
			throw invalid("it holds a malformed percent-escape");
		}
	}

	private static DatabaseStartupException invalid(String reason) {
		return new DatabaseStartupException("DATABASE_URL cannot be used: " + reason,
				"Set DATABASE_URL to postgresql://user:password@host:5432/dbname (percent-encode special characters"
						+ " in the password), or unset it to use the embedded database.");
	}

}
