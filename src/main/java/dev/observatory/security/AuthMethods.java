package dev.observatory.security;

import java.util.Optional;

import dev.observatory.common.secrets.Env;
import dev.observatory.common.secrets.EnvVar;
import dev.observatory.common.secrets.Secret;

import org.springframework.stereotype.Component;

/**
 * Which ways of authenticating this deployment has, read once from the environment. With none,
 * Observatory runs in local mode: bound to loopback, loopback callers are ADMIN.
 */
@Component
public class AuthMethods {

	private final ApiTokens apiTokens;

	private final Optional<String> jwkSetUri;

	private final Optional<Secret> supabaseJwtSecret;

	private final Optional<String> supabaseJwkSetUri;

	AuthMethods(Env env, SecuritySettings settings) {
		this.apiTokens = env.plain(EnvVar.OBSERVATORY_API_TOKENS).map(ApiTokens::parse).orElse(ApiTokens.none());
		this.jwkSetUri = env.plain(EnvVar.OBSERVATORY_JWT_JWK_SET_URI);
		this.supabaseJwtSecret = env.secret(EnvVar.SUPABASE_JWT_SECRET);
		this.supabaseJwkSetUri = settings.supabaseJwks()
				? env.plain(EnvVar.SUPABASE_URL).map((url) -> url.replaceAll("/+$", "") + "/auth/v1/.well-known/jwks.json")
				: Optional.empty();
	}

	/** True when no authentication is configured: the loopback-only, everyone-is-ADMIN mode. */
	public boolean localMode() {
		return this.apiTokens.isEmpty() && !acceptsJwts();
	}

	boolean acceptsJwts() {
		return this.jwkSetUri.isPresent() || this.supabaseJwtSecret.isPresent() || this.supabaseJwkSetUri.isPresent();
	}

	ApiTokens apiTokens() {
		return this.apiTokens;
	}

	Optional<String> jwkSetUri() {
		return this.jwkSetUri;
	}

	Optional<Secret> supabaseJwtSecret() {
		return this.supabaseJwtSecret;
	}

	Optional<String> supabaseJwkSetUri() {
		return this.supabaseJwkSetUri;
	}

}
