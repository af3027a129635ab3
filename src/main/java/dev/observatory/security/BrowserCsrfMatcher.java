package dev.observatory.security;

import java.util.Set;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.HttpHeaders;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * Which requests must carry a CSRF token: unsafe requests a browser sends on its own authority
 * (a session cookie, or the loopback address in local mode). A browser marks its requests with
 * {@code Cookie}, {@code Origin} or {@code Sec-Fetch-Site}; a request with none of them, or one
 * that authenticates with an explicit {@code Authorization} header, cannot have been forged by a
 * page in somebody's browser, so it is left to authentication alone.
 */
final class BrowserCsrfMatcher implements RequestMatcher {

	private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS", "TRACE");

	@Override
	public boolean matches(HttpServletRequest request) {
		if (SAFE_METHODS.contains(request.getMethod())) {
			return false;
		}
		if (request.getHeader(HttpHeaders.AUTHORIZATION) != null) {
			return false;
		}
		return request.getHeader(HttpHeaders.COOKIE) != null || request.getHeader(HttpHeaders.ORIGIN) != null
				|| request.getHeader("Sec-Fetch-Site") != null;
	}

}
