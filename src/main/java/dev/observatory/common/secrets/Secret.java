package dev.observatory.common.secrets;

import java.util.Objects;

/**
 * A secret value that cannot leak by accident: {@link #toString()} never shows it, so it is safe in
 * a log statement, an exception message or a debugger. Only {@link #reveal()} gives the value, and
 * only code that hands it straight to a driver or a request header should call it.
 */
public final class Secret {

	private static final String MASK = "****";

	private final EnvVar source;

	private final String value;

	Secret(EnvVar source, String value) {
		this.source = Objects.requireNonNull(source, "'source' is required");
		this.value = Objects.requireNonNull(value, "'value' is required");
	}

	/**
	 * A secret taken out of a secret variable's value (the password inside {@code DATABASE_URL}, a
	 * token a provider issued against a key). It is registered with the log masker like any other.
	 */
	public static Secret derivedFrom(EnvVar source, String value) {
		SecretMasker.register(value);
		return new Secret(source, value);
	}

	/**
	 * Ends the masking of a derived secret that no longer grants anything (a replaced provider
	 * token), so the masker's list stays bounded.
	 */
	public void retire() {
		SecretMasker.unregister(this.value);
	}

	/** The variable this secret was read from: safe to name in a diagnostic. */
	public EnvVar source() {
		return this.source;
	}

	/** The value itself. Pass it to a driver or a header; never log, store or return it. */
	public String reveal() {
		return this.value;
	}

	@Override
	public String toString() {
		return this.source.name() + "=" + MASK;
	}

}
