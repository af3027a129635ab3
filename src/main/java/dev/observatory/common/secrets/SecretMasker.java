package dev.observatory.common.secrets;

import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Replaces every known secret value in a text with {@code ****}. It is the log layer's second line
 * of defence ({@link MaskingConverter}); the first is never putting a secret in a message.
 *
 * <p>Each secret is registered in its raw, Base64 and percent-encoded forms. A secret that is a URL
 * also registers the credentials inside it: the password of its user-info part, and, for an
 * http(s) URL, each long path segment (a Discord or Zapier webhook's token is a path segment and may
 * be logged on its own). A database URL's path is only the database name and stays readable. The registry is global
 * because logging is: the log layer has no application context to ask.
 */
public final class SecretMasker {

	static final String MASK = "****";

	/** Shorter values would mask ordinary words; no provider issues keys this short. */
	private static final int MIN_LENGTH = 6;

	/** A path segment this long is treated as a credential; "api" or "webhooks" are not. */
	private static final int MIN_PATH_TOKEN_LENGTH = 16;

	private static volatile List<String> forms = List.of();

	private SecretMasker() {
	}

	/** Registers a secret value (and its encoded forms) to be masked from now on. */
	public static synchronized void register(String secret) {
		Set<String> updated = new LinkedHashSet<>(forms);
		for (String value : withEmbeddedCredentials(secret)) {
			addForms(updated, value);
		}
		List<String> sorted = new ArrayList<>(updated);
		// Longest first, so that a secret containing another is masked whole.
		sorted.sort(Comparator.comparingInt(String::length).reversed());
		forms = List.copyOf(sorted);
	}

	/**
	 * Stops masking a value that is no longer valid anywhere (a provider token that was replaced),
	 * so short-lived secrets do not grow the list for ever. Never call it for a configured secret.
	 */
	public static synchronized void unregister(String secret) {
		Set<String> removed = new LinkedHashSet<>();
		for (String value : withEmbeddedCredentials(secret)) {
			addForms(removed, value);
		}
		List<String> kept = new ArrayList<>(forms);
		kept.removeAll(removed);
		forms = List.copyOf(kept);
	}

	/** The text with every registered secret form replaced by {@code ****}. */
	public static String mask(String text) {
		List<String> current = forms;
		if (current.isEmpty() || text.isEmpty()) {
			return text;
		}
		String masked = text;
		for (String form : current) {
			if (masked.contains(form)) {
				masked = masked.replace(form, MASK);
			}
		}
		return masked;
	}

	/**
	 * A failure as it may be recorded and shown: the innermost cause's class and its message, every
	 * known secret masked, at most {@code maxLength} characters. The innermost cause says what went
	 * wrong (an SQL state, a refused connection); the wrappers only repeat the call that failed.
	 */
	public static String describe(Throwable failure, int maxLength) {
		Throwable cause = failure;
		while (cause.getCause() != null && cause.getCause() != cause) {
			cause = cause.getCause();
		}
		String text = cause.getClass().getSimpleName() + ": " + mask(String.valueOf(cause.getMessage()));
		return (text.length() > maxLength) ? text.substring(0, maxLength) : text;
	}

	private static List<String> withEmbeddedCredentials(String secret) {
		List<String> values = new ArrayList<>(List.of(secret));
		try {
			URI uri = URI.create(secret);
			String userInfo = uri.getRawUserInfo();
			if (userInfo != null && userInfo.indexOf(':') >= 0) {
				String rawPassword = userInfo.substring(userInfo.indexOf(':') + 1);
				values.add(rawPassword);
				values.add(URLDecoder.decode(rawPassword, StandardCharsets.UTF_8));
			}
			boolean web = "http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme());
			if (web && uri.getRawPath() != null) {
				for (String segment : uri.getRawPath().split("/")) {
					if (segment.length() >= MIN_PATH_TOKEN_LENGTH) {
						values.add(segment);
					}
				}
			}
		}
		catch (IllegalArgumentException notAUrl) {
			// Most secrets are not URLs; there is nothing embedded to find.
		}
		return values;
	}

	private static void addForms(Set<String> target, String value) {
		if (value.length() < MIN_LENGTH) {
			return;
		}
		byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
		target.add(value);
		target.add(URLEncoder.encode(value, StandardCharsets.UTF_8));
		target.add(URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20"));
		target.add(Base64.getEncoder().encodeToString(bytes));
		target.add(Base64.getEncoder().withoutPadding().encodeToString(bytes));
		target.add(Base64.getUrlEncoder().withoutPadding().encodeToString(bytes));
	}

}
