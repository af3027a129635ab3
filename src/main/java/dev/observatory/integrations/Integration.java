package dev.observatory.integrations;

import java.util.List;

import dev.observatory.common.secrets.EnvVar;
import dev.observatory.telemetry.ProviderKey;

/**
 * One catalog entry: what the provider is and which environment variables it reads. Values are
 * never part of it; only {@code common.secrets} reads them.
 *
 * @param key the provider's stable key ({@code polygon}), shared with usage events
 * @param category what it is for
 * @param providerName its display name
 * @param requiredEnvVars all must be set for it to be configured (with {@link #alternatives} as aliases)
 * @param optionalEnvVars read when set (base URLs, environments, extra headers)
 * @param supportsVerify whether Verify can prove its key and entitlement
 * @param supportsProofOfUse whether its calls are recorded as usage events
 * @param comingSoon listed, not built
 * @param docsUrl the provider's own API documentation
 * @param alternatives for a required variable, another name that satisfies it (Polygon's new
 *     {@code MASSIVE_API_KEY} for {@code POLYGON_API_KEY})
 */
public record Integration(ProviderKey key, IntegrationCategory category, String providerName,
		List<EnvVar> requiredEnvVars, List<EnvVar> optionalEnvVars, boolean supportsVerify, boolean supportsProofOfUse,
		boolean comingSoon, String docsUrl, java.util.Map<EnvVar, EnvVar> alternatives) {

	public Integration {
		requiredEnvVars = List.copyOf(requiredEnvVars);
		optionalEnvVars = List.copyOf(optionalEnvVars);
		alternatives = java.util.Map.copyOf(alternatives);
	}

}
