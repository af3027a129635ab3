package dev.observatory.telemetry;

import java.util.Locale;
import java.util.Optional;

/**
 * The outside services whose use is proven, by their stable keys (PROVIDERS.md). The integrations
 * catalog builds on these; a usage event names exactly one.
 */
public enum ProviderKey {

	DATABENTO, POLYGON, TRADOVATE, IRONBEAM, OPENAI, ANTHROPIC, DISCORD, SMTP, ZAPIER, SUPABASE, POSTGRES;

	/** The key as stored and shown: lower case ({@code polygon}). */
	public String key() {
		return name().toLowerCase(Locale.ROOT);
	}

	public static Optional<ProviderKey> parse(String key) {
		for (ProviderKey provider : values()) {
			if (provider.key().equals(key)) {
				return Optional.of(provider);
			}
		}
		return Optional.empty();
	}

}
