package dev.observatory.common.trace;

import java.util.Map;

import dev.observatory.common.secrets.Env;
import dev.observatory.common.secrets.EnvVar;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Turns span export over OTLP on only when {@code OTEL_EXPORTER_OTLP_ENDPOINT} is set (the
 * OpenTelemetry SDK's own variable name), and off otherwise, so no exporter is ever left trying to
 * reach a collector that was never configured.
 */
class OtlpExportEnvironmentPostProcessor implements EnvironmentPostProcessor {

	static final String ENABLED = "management.tracing.export.otlp.enabled";

	static final String ENDPOINT = "management.opentelemetry.tracing.export.otlp.endpoint";

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		postProcess(environment, Env.system());
	}

	static void postProcess(ConfigurableEnvironment environment, Env env) {
		String endpoint = env.plain(EnvVar.OTEL_EXPORTER_OTLP_ENDPOINT).orElse(null);
		Map<String, Object> properties = (endpoint != null)
				? Map.of(ENABLED, true, ENDPOINT, endpoint.endsWith("/v1/traces") ? endpoint : endpoint + "/v1/traces")
				: Map.of(ENABLED, false);
		environment.getPropertySources().addLast(new MapPropertySource("observatoryOtlpExport", properties));
	}

}
