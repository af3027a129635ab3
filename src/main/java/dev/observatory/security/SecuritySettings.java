package dev.observatory.security;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code observatory.security.*}. Which authentication methods are on is decided by the
 * environment (PROVIDERS.md names the variables); these settings only shape them.
 *
 * @param roleClaim the JWT claim that carries the role; a dotted path reaches into nested claims
 *     (e.g. {@code app_metadata.observatory_role} for Supabase)
 * @param jwtIssuer when set, JWTs from the OIDC JWK set must carry this {@code iss}
 * @param supabaseJwks validate Supabase Auth tokens against the project's JWK set under
 *     {@code SUPABASE_URL} (asymmetric signing keys)
 */
@ConfigurationProperties("observatory.security")
record SecuritySettings(@DefaultValue("observatory_role") String roleClaim, @Nullable String jwtIssuer,
		@DefaultValue("false") boolean supabaseJwks) {
}
