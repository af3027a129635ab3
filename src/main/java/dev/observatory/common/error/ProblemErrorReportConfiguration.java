package dev.observatory.common.error;

import org.apache.catalina.Valve;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.valves.ErrorReportValve;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * Puts {@link ProblemErrorReportValve} in place of the error report valve that Boot and Tomcat
 * install on the host. Runs last, after Boot's own customizer has added its valve.
 */
@Component
@Order(Ordered.LOWEST_PRECEDENCE)
class ProblemErrorReportConfiguration implements WebServerFactoryCustomizer<TomcatServletWebServerFactory> {

	private final JsonMapper jsonMapper;

	ProblemErrorReportConfiguration(JsonMapper jsonMapper) {
		this.jsonMapper = jsonMapper;
	}

	@Override
	public void customize(TomcatServletWebServerFactory factory) {
		factory.addContextCustomizers((context) -> {
			StandardHost host = (StandardHost) context.getParent();
			for (Valve valve : host.getPipeline().getValves()) {
				if (valve instanceof ErrorReportValve) {
					host.getPipeline().removeValve(valve);
				}
			}
			host.getPipeline().addValve(new ProblemErrorReportValve(this.jsonMapper));
			host.setErrorReportValveClass(ProblemErrorReportValve.class.getName());
		});
	}

}
