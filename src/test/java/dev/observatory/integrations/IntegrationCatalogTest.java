package dev.observatory.integrations;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

import dev.observatory.common.error.ApiException;
import dev.observatory.common.error.CommonErrorCode;
import dev.observatory.common.secrets.Env;
import dev.observatory.common.secrets.EnvVar;
import dev.observatory.database.ConnectionTarget;
import dev.observatory.database.DatabaseServer;
import dev.observatory.telemetry.ProviderKey;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class IntegrationCatalogTest {

	@Test
	void catalogHasExactlyOneEntryPerProviderKey() {
		assertThat(IntegrationCatalog.all()).extracting(Integration::key)
			.containsExactlyInAnyOrder(ProviderKey.values());
	}

	@Test
	void onlyZapierIsComingSoonAndItClaimsNeitherVerifyNorProofOfUse() {
		assertThat(IntegrationCatalog.all()).filteredOn(Integration::comingSoon)
			.singleElement()
			.satisfies((zapier) -> {
				assertThat(zapier.key()).isEqualTo(ProviderKey.ZAPIER);
				assertThat(zapier.supportsVerify()).isFalse();
				assertThat(zapier.supportsProofOfUse()).isFalse();
			});
	}

	@Test
	void configuredMeansEveryRequiredVariableIsSetAndNotBlank() {
		Integration tradovate = IntegrationCatalog.find(ProviderKey.TRADOVATE).orElseThrow();
		Map<String, String> all = Map.of("TRADOVATE_USERNAME", "u", "TRADOVATE_PASSWORD", "pw-123456", "TRADOVATE_APP_ID",
				"app", "TRADOVATE_APP_VERSION", "1.0", "TRADOVATE_CID", "8", "TRADOVATE_SECRET", "sec-123456");
		assertThat(configuration(all, false).isConfigured(tradovate)).isTrue();
		Map<String, String> blankSecret = new java.util.HashMap<>(all);
		blankSecret.put("TRADOVATE_SECRET", "  ");
		assertThat(configuration(blankSecret, false).missingVariables(tradovate)).containsExactly(EnvVar.TRADOVATE_SECRET);
		assertThat(configuration(Map.of(), false).missingVariables(tradovate)).hasSize(6);
	}

	@Test
	void polygonIsConfiguredByEitherItsOldOrItsNewKeyName() {
		Integration polygon = IntegrationCatalog.find(ProviderKey.POLYGON).orElseThrow();
		assertThat(configuration(Map.of("POLYGON_API_KEY", "pk-123456"), false).isConfigured(polygon)).isTrue();
		assertThat(configuration(Map.of("MASSIVE_API_KEY", "mk-123456"), false).isConfigured(polygon)).isTrue();
		assertThat(configuration(Map.of(), false).missingVariables(polygon)).containsExactly(EnvVar.POLYGON_API_KEY);
	}

	@Test
	void postgresIsConfiguredByDatabaseUrlOrTheEmbeddedServer() {
		Integration postgres = IntegrationCatalog.find(ProviderKey.POSTGRES).orElseThrow();
		assertThat(configuration(Map.of(), true).isConfigured(postgres)).isTrue();
		assertThat(configuration(Map.of("DATABASE_URL", "postgresql://u:p@h/d"), false).isConfigured(postgres)).isTrue();
		assertThat(configuration(Map.of(), false).missingVariables(postgres)).containsExactly(EnvVar.DATABASE_URL);
	}

	@Test
	void everyVariableTheCatalogNamesIsAKnownVariable() {
		List<EnvVar> named = IntegrationCatalog.all()
			.stream()
			.flatMap((entry) -> java.util.stream.Stream.concat(entry.requiredEnvVars().stream(),
					entry.optionalEnvVars().stream()))
			.toList();
		assertThat(Arrays.asList(EnvVar.values())).containsAll(named);
		assertThat(named).doesNotHaveDuplicates();
	}

	@Test
	void configuredProviderWithoutABuiltClientIsAStructured501NotAVerdict() {
		IntegrationVerification verification = new IntegrationVerification(
				configuration(Map.of("OPENAI_API_KEY", "sk-test-123456"), false), List.of(), null, null, null, null, null);
		assertThatThrownBy(() -> verification.verify("openai")).isInstanceOf(ApiException.class)
			.satisfies((ex) -> assertThat(((ApiException) ex).errorCode()).isEqualTo(CommonErrorCode.NOT_IMPLEMENTED))
			.hasMessageContaining("OpenAI")
			.hasMessageNotContaining("sk-test-123456");
	}

	private static IntegrationConfiguration configuration(Map<String, String> env, boolean embedded) {
		DatabaseServer server = new DatabaseServer() {
			@Override
			public ConnectionTarget target() {
				return new ConnectionTarget("localhost", 5432, "postgres", "postgres", null, Map.of());
			}

			@Override
			public boolean embedded() {
				return embedded;
			}

			@Override
			public void close() {
			}
		};
		return new IntegrationConfiguration(Env.of(env), server);
	}

}
