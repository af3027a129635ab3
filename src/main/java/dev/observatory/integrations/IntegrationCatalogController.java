package dev.observatory.integrations;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import dev.observatory.common.secrets.EnvVar;
import dev.observatory.common.trace.Traces;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /api/integrations/catalog}: what can be connected, and by which variables (names only). */
@RestController
class IntegrationCatalogController {

	private final Traces traces;

	IntegrationCatalogController(Traces traces) {
		this.traces = traces;
	}

	@GetMapping("/api/integrations/catalog")
	CatalogResponse catalog() {
		return new CatalogResponse(IntegrationCatalog.all().stream().map(CatalogEntry::of).toList(),
				this.traces.currentTraceId());
	}

	record CatalogResponse(List<CatalogEntry> integrations, String traceId) {
	}

	record CatalogEntry(String integrationKey, IntegrationCategory category, String providerName,
			List<String> requiredEnvVars, List<String> optionalEnvVars, Map<String, String> envVarAliases,
			boolean supportsVerify, boolean supportsProofOfUse, boolean comingSoon, String docsUrl) {

		static CatalogEntry of(Integration integration) {
			return new CatalogEntry(integration.key().key(), integration.category(), integration.providerName(),
					names(integration.requiredEnvVars()), names(integration.optionalEnvVars()),
					integration.alternatives()
						.entrySet()
						.stream()
						.collect(Collectors.toMap((entry) -> entry.getKey().name(), (entry) -> entry.getValue().name())),
					integration.supportsVerify(), integration.supportsProofOfUse(), integration.comingSoon(),
					integration.docsUrl());
		}

		private static List<String> names(List<EnvVar> variables) {
			return variables.stream().map(EnvVar::name).toList();
		}

	}

}
