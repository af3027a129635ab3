package dev.observatory.integrations;

import java.util.List;

import dev.observatory.telemetry.ProviderKey;

/**
 * Proves one configured provider's key and entitlement with its cheapest call (PROVIDERS.md names
 * it), through the instrumented path, so the verify is itself a usage event
 * ({@code <provider>.verify}). Each provider's client package contributes one.
 */
public interface IntegrationVerifier {

	ProviderKey provider();

	/** Runs the check; an empty list or only {@link DiagnosticCode#OK} means connected. */
	List<Diagnostic> verify();

}
