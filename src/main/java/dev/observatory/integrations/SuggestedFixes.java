package dev.observatory.integrations;

import java.util.stream.Collectors;

/**
 * What to do about each status an integration can be in: the {@code suggested_fix} the status API
 * and the Connections page show. docs/integrations.md explains the same per provider.
 */
final class SuggestedFixes {

	private SuggestedFixes() {
	}

	static String forCode(String code, Integration integration) {
		String name = integration.providerName();
		return switch (code) {
			case "INTEGRATION_KEY_MISSING" -> "Set " + integration.requiredEnvVars()
				.stream()
				.map(Enum::name)
				.collect(Collectors.joining(", ")) + " in Observatory's environment and restart it";
			case "INTEGRATION_CONFIG_INVALID" -> "Correct the variable the message names and restart Observatory";
			case "AUTH_FAILED" -> "Create or copy a valid key for " + name
					+ " from its dashboard, set it in the environment, restart, then Verify";
			case "ENTITLEMENT_MISSING" -> "The key works but the account lacks the plan, licence, credits or account"
					+ " this needs: upgrade or fund it at " + name + ", then Verify";
			case "RATE_LIMITED" -> "Wait for the provider's limit to reset (the message says how long when "
					+ name + " said), and look for a loop calling it too often";
			case "PROVIDER_UNREACHABLE" -> "Check " + name + "'s status page and this host's network, proxy and DNS;"
					+ " Observatory retries by itself";
			case "TIMEOUT" -> name + " answered too slowly: check its status page and the network; raise"
					+ " observatory.integrations.read-timeout only if it is known to be slow";
			case "TLS_ERROR" -> "Check the URL's scheme and host, and that the certificate is trusted by this JVM";
			case "UNEXPECTED_RESPONSE" -> "Check that the base URL points at " + name
					+ "'s API (not a proxy or login page); if it does, its API may have changed";
			case "NOT_VERIFIED" -> "POST /api/integrations/verify for it, or wait for the re-verify loop";
			case "VERIFY_STALE" -> "The re-verify loop has not passed recently: check the logs for why, or Verify now";
			case "CIRCUIT_OPEN" -> name + " failed repeatedly, so calls fail fast for a while; check its status page";
			case "ERROR_RATE_HIGH" -> "Too many recent calls to " + name
					+ " failed: GET /api/integrations/usage?provider=" + integration.key().key() + " shows which";
			case "COMING_SOON" -> name + " is not available yet";
			default -> "See docs/integrations.md";
		};
	}

}
