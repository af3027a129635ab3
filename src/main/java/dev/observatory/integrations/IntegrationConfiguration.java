package dev.observatory.integrations;

import java.util.List;

import dev.observatory.common.secrets.Env;
import dev.observatory.common.secrets.EnvVar;
import dev.observatory.database.DatabaseServer;
import dev.observatory.telemetry.ProviderKey;

import org.springframework.stereotype.Component;

/**
 * Whether an integration is configured: every required variable present and not blank (an
 * alternative name counts), judged from names only; values stay in {@code common.secrets}.
 * PostgreSQL is configured when {@code DATABASE_URL} is set or the embedded server runs.
 */
@Component
public class IntegrationConfiguration {

	private final Env env;

	private final DatabaseServer databaseServer;

	IntegrationConfiguration(Env env, DatabaseServer databaseServer) {
		this.env = env;
		this.databaseServer = databaseServer;
	}

	public boolean isConfigured(Integration integration) {
		return missingVariables(integration).isEmpty();
	}

	/** The required variables that are not set, in catalog order: what "POLYGON_API_KEY missing" names. */
	public List<EnvVar> missingVariables(Integration integration) {
		if (integration.key() == ProviderKey.POSTGRES) {
			return (this.databaseServer.embedded() || this.env.isSet(EnvVar.DATABASE_URL)) ? List.of()
					: List.of(EnvVar.DATABASE_URL);
		}
		return integration.requiredEnvVars()
			.stream()
			.filter((variable) -> !this.env.isSet(variable))
			.filter((variable) -> {
				EnvVar alternative = integration.alternatives().get(variable);
				return alternative == null || !this.env.isSet(alternative);
			})
			.toList();
	}

}
