package dev.observatory.test;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.UUID;

/** Automation tokens for tests: a random token and the {@code hash:ROLE} entry that configures it. */
public record Tokens(String token, String role) {

	public static Tokens random(String role) {
		return new Tokens("obs_" + UUID.randomUUID().toString().replace("-", ""), role);
	}

	/** The {@code OBSERVATORY_API_TOKENS} entry for this token. */
	public String entry() {
		try {
			byte[] hash = MessageDigest.getInstance("SHA-256").digest(this.token.getBytes(StandardCharsets.UTF_8));
			return HexFormat.of().formatHex(hash) + ":" + this.role;
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	public String bearer() {
		return "Bearer " + this.token;
	}

}
