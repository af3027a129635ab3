package dev.observatory.security;

import java.util.List;

import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthenticationToken;

/**
 * Authenticates a bearer token that is one of the configured automation tokens. A token shaped like
 * a JWT is left to the JWT provider that follows it.
 */
final class ApiTokenAuthenticationProvider implements AuthenticationProvider {

	private final ApiTokens tokens;

	ApiTokenAuthenticationProvider(ApiTokens tokens) {
		this.tokens = tokens;
	}

	@Override
	public Authentication authenticate(Authentication authentication) {
		String token = ((BearerTokenAuthenticationToken) authentication).getToken();
		if (looksLikeJwt(token)) {
			return null;
		}
		ApiTokens.Match match = this.tokens.match(token)
			.orElseThrow(() -> new BadCredentialsException("Unknown API token"));
		return UsernamePasswordAuthenticationToken.authenticated(match.subject(), null,
				List.of(match.role().authority()));
	}

	@Override
	public boolean supports(Class<?> authentication) {
		return BearerTokenAuthenticationToken.class.isAssignableFrom(authentication);
	}

	static boolean looksLikeJwt(String token) {
		return token.chars().filter((c) -> c == '.').count() == 2;
	}

}
