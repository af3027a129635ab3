package dev.observatory.integrations;

import dev.observatory.test.Http;
import dev.observatory.test.ObservatoryTest;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code GET /api/integrations/catalog} over HTTP. */
@ObservatoryTest
class IntegrationCatalogApiTest {

	@LocalServerPort
	int port;

	@Test
	void catalogListsEveryProviderWithVariableNamesOnly() {
		Http.Response response = new Http("http://127.0.0.1:" + this.port).get("/api/integrations/catalog");
		assertThat(response.status()).isEqualTo(200);
		JsonNode integrations = response.json().get("integrations");
		assertThat(integrations.findValuesAsString("integration_key")).containsExactly("databento", "polygon", "ironbeam",
				"tradovate", "openai", "anthropic", "discord", "smtp", "zapier", "supabase", "postgres");
		JsonNode polygon = integrations.get(1);
		assertThat(polygon.get("category").asString()).isEqualTo("MARKET_DATA");
		assertThat(polygon.get("required_env_vars").get(0).asString()).isEqualTo("POLYGON_API_KEY");
		assertThat(polygon.get("env_var_aliases").get("POLYGON_API_KEY").asString()).isEqualTo("MASSIVE_API_KEY");
		assertThat(integrations.get(8).get("coming_soon").asBoolean()).isTrue();
		assertThat(response.json().get("trace_id").asString()).matches("[0-9a-f]{32}");
	}

}
