package dev.observatory.integrations;

/**
 * Why a Verify did not prove an integration connected (or, for {@link #OK}, that it did). The
 * spec's codes, plus {@link #INTEGRATION_CONFIG_INVALID} for a variable that is set but unusable
 * (a base URL that is not a URL, {@code TRADOVATE_ENV=staging}).
 */
public enum DiagnosticCode {

	OK, INTEGRATION_KEY_MISSING, INTEGRATION_CONFIG_INVALID, AUTH_FAILED, ENTITLEMENT_MISSING, RATE_LIMITED,
	PROVIDER_UNREACHABLE, TIMEOUT, TLS_ERROR, UNEXPECTED_RESPONSE, COMING_SOON

}
