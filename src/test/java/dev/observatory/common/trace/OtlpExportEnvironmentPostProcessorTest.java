package dev.observatory.common.trace;

import java.util.Map;

import dev.observatory.common.secrets.Env;
import org.junit.jupiter.api.Test;

import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

class OtlpExportEnvironmentPostProcessorTest {

	@Test
	void exportIsOffWithoutAnEndpoint() {
		MockEnvironment environment = new MockEnvironment();
		OtlpExportEnvironmentPostProcessor.postProcess(environment, Env.of(Map.of()));
		assertThat(environment.getProperty(OtlpExportEnvironmentPostProcessor.ENABLED)).isEqualTo("false");
		assertThat(environment.getProperty(OtlpExportEnvironmentPostProcessor.ENDPOINT)).isNull();
	}

	@Test
	void exportGoesToTheTracesPathOfTheConfiguredEndpoint() {
		MockEnvironment environment = new MockEnvironment();
		OtlpExportEnvironmentPostProcessor.postProcess(environment,
				Env.of(Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", "http://collector:4318")));
		assertThat(environment.getProperty(OtlpExportEnvironmentPostProcessor.ENABLED)).isEqualTo("true");
		assertThat(environment.getProperty(OtlpExportEnvironmentPostProcessor.ENDPOINT))
			.isEqualTo("http://collector:4318/v1/traces");
	}

}
