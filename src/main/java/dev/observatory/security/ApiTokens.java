package dev.observatory.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Automation tokens from {@code OBSERVATORY_API_TOKENS}: {@code <sha256-hex>:<ROLE>} pairs separated
 * by commas or whitespace. Only hashes are configured, so the configuration is not a secret; the
 * token a client sends is hashed and compared in constant time. A malformed entry stops startup
 * (fail closed) rather than being skipped.
 */
final class ApiTokens {

	private static final Pattern HEX_SHA256 = Pattern.compile("[0-9a-fA-F]{64}");

	private final List<Entry> entries;

	private ApiTokens(List<Entry> entries) {
		this.entries = List.copyOf(entries);
	}

	static ApiTokens parse(String configured) {
		List<Entry> entries = new ArrayList<>();
		String[] items = configured.strip().split("[,\\s]+");
		for (int i = 0; i < items.length; i++) {
			String item = items[i];
			if (item.isEmpty()) {
				continue;
			}
			int colon = item.lastIndexOf(':');
			String hash = (colon < 0) ? item : item.substring(0, colon).replaceFirst("(?i)^sha256:", "");
			Role role = (colon < 0) ? null : Role.parse(item.substring(colon + 1)).orElse(null);
			if (!HEX_SHA256.matcher(hash).matches() || role == null) {
				throw new IllegalStateException("OBSERVATORY_API_TOKENS entry " + (i + 1)
						+ " is not <64 hex digits of SHA-256>:<VIEWER|OPERATOR|ADMIN>");
			}
			entries.add(new Entry(HexFormat.of().parseHex(hash), role));
		}
		return new ApiTokens(entries);
	}

	static ApiTokens none() {
		return new ApiTokens(List.of());
	}

	boolean isEmpty() {
		return this.entries.isEmpty();
	}

	/** The role and a stable, non-secret subject for a presented token, if it is configured. */
	Optional<Match> match(String token) {
		byte[] presented = sha256(token);
		Match found = null;
		for (Entry entry : this.entries) {
			// Every entry is compared, so the time taken does not tell which one matched.
			if (MessageDigest.isEqual(entry.hash(), presented) && found == null) {
				found = new Match("token:" + HexFormat.of().formatHex(entry.hash()).substring(0, 12), entry.role());
			}
		}
		return Optional.ofNullable(found);
	}

	static byte[] sha256(String token) {
		try {
			return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is missing from this JDK", ex);
		}
	}

	record Match(String subject, Role role) {
	}

	private record Entry(byte[] hash, Role role) {
	}

}
