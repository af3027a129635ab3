package dev.observatory.security;

import java.net.InetAddress;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.web.server.AbstractConfigurableWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * Fails closed on the network: without authentication, Observatory listens on 127.0.0.1 only, and a
 * request to listen anywhere else stops startup with a message saying how to configure
 * authentication. With authentication configured the bind address is left as configured. It runs
 * last, after {@code server.address} has been applied.
 */
@Component
@Order(Ordered.LOWEST_PRECEDENCE)
class BindAddressGuard implements WebServerFactoryCustomizer<AbstractConfigurableWebServerFactory> {

	private static final Logger log = LoggerFactory.getLogger(BindAddressGuard.class);

	private final AuthMethods authMethods;

	BindAddressGuard(AuthMethods authMethods) {
		this.authMethods = authMethods;
	}

	@Override
	public void customize(AbstractConfigurableWebServerFactory factory) {
		if (!this.authMethods.localMode()) {
			return;
		}
		InetAddress address = factory.getAddress();
		if (address == null) {
			factory.setAddress(InetAddress.getLoopbackAddress());
			log.info("Local mode: no authentication is configured, so Observatory listens on {} only and treats"
					+ " local callers as ADMIN", InetAddress.getLoopbackAddress().getHostAddress());
			return;
		}
		if (!address.isLoopbackAddress()) {
			throw new IllegalStateException("Refusing to listen on " + address.getHostAddress()
					+ " without authentication. Configure OBSERVATORY_API_TOKENS, OBSERVATORY_JWT_JWK_SET_URI or"
					+ " SUPABASE_JWT_SECRET, or leave server.address unset to listen on 127.0.0.1 only.");
		}
	}

}
