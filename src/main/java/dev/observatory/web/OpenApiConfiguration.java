package dev.observatory.web;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The OpenAPI document's title; the human reference is docs/api.md. */
@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

	@Bean
	OpenAPI observatoryOpenApi() {
		return new OpenAPI().info(new Info().title("Observatory API")
			.version("v1")
			.description("Control plane for autonomous trading bots. Errors are RFC 9457 problems with"
					+ " error_code and trace_id; see docs/api.md."));
	}

}
