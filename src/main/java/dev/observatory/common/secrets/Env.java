package dev.observatory.common.secrets;

import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

/**
 * The one gateway to environment variables (an ArchUnit rule keeps {@code System.getenv} here).
 *
 * <p>A variable counts as set only when it is present and not blank. Secret variables are only
 * handed out as {@link Secret}; asking for one through {@link #plain(EnvVar)} is a programming error.
 * Every secret value is registered with the {@link SecretMasker} as soon as it is read, so the log
 * layer can mask it even if it slips into a message.
 */
public final class Env {

	private static volatile Env system;

	private final Map<EnvVar, String> values;

	private Env(Map<String, String> source) {
		Map<EnvVar, String> known = new EnumMap<>(EnvVar.class);
		for (EnvVar variable : EnvVar.values()) {
			String value = source.get(variable.name());
			if (value != null && !value.isBlank()) {
				known.put(variable, value.strip());
				if (variable.isSecret()) {
					SecretMasker.register(value.strip());
				}
			}
		}
		this.values = Map.copyOf(known);
	}

	/** The process environment, read once. */
	public static Env system() {
		Env current = system;
		if (current == null) {
			synchronized (Env.class) {
				current = system;
				if (current == null) {
					current = new Env(System.getenv());
					system = current;
				}
			}
		}
		return current;
	}

	/** An environment from explicit values: for tests and tools, never for production wiring. */
	public static Env of(Map<String, String> values) {
		return new Env(values);
	}

	public boolean isSet(EnvVar variable) {
		return this.values.containsKey(variable);
	}

	/** A secret variable's value, wrapped. */
	public Optional<Secret> secret(EnvVar variable) {
		if (!variable.isSecret()) {
			throw new IllegalArgumentException(variable + " is not a secret; read it with plain()");
		}
		return Optional.ofNullable(this.values.get(variable)).map((value) -> new Secret(variable, value));
	}

	/** A non-secret variable's value. */
	public Optional<String> plain(EnvVar variable) {
		if (variable.isSecret()) {
			throw new IllegalArgumentException(variable + " is a secret; read it with secret()");
		}
		return Optional.ofNullable(this.values.get(variable));
	}

}
