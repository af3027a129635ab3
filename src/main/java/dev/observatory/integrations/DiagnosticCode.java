package dev.observatory.integrations;

/** Why a Verify did not prove an integration connected (or, for {@link #OK}, that it did). */
public enum DiagnosticCode {

	OK, INTEGRATION_KEY_MISSING, AUTH_FAILED, ENTITLEMENT_MISSING, RATE_LIMITED, PROVIDER_UNREACHABLE, TIMEOUT,
	TLS_ERROR, UNEXPECTED_RESPONSE, COMING_SOON

}
