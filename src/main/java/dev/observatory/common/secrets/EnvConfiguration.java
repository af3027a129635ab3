package dev.observatory.common.secrets;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Exposes the process environment as a bean, so tests can hand the application another one. */
@Configuration(proxyBeanMethods = false)
class EnvConfiguration {

	@Bean
	Env env() {
		return Env.system();
	}

}
