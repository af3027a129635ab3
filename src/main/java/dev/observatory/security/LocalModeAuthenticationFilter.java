package dev.observatory.security;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Local mode: a caller on the loopback interface is the machine's own operator and acts as ADMIN.
 * Only installed when no authentication is configured, and then the server listens on loopback
 * only ({@link BindAddressGuard}), so no remote caller can reach this far.
 */
final class LocalModeAuthenticationFilter extends OncePerRequestFilter {

	static final String LOCAL_SUBJECT = "local";

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		if (SecurityContextHolder.getContext().getAuthentication() == null && isLoopback(request.getRemoteAddr())) {
			SecurityContext context = SecurityContextHolder.createEmptyContext();
			context.setAuthentication(UsernamePasswordAuthenticationToken.authenticated(LOCAL_SUBJECT, null,
					List.of(Role.ADMIN.authority())));
			SecurityContextHolder.setContext(context);
		}
		chain.doFilter(request, response);
	}

	static boolean isLoopback(String address) {
		try {
			// The servlet container reports a literal address, which getByName parses without a lookup.
			return InetAddress.getByName(address).isLoopbackAddress();
		}
		catch (UnknownHostException ex) {
			return false;
		}
	}

}
