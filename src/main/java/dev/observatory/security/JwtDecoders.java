package dev.observatory.security;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import javax.crypto.spec.SecretKeySpec;

import dev.observatory.telemetry.OutboundClients;
import dev.observatory.telemetry.ProviderKey;
import org.jspecify.annotations.Nullable;

import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;

/**
 * Builds the JWT decoder for the configured issuers: an OIDC issuer's JWK set, Supabase Auth's
 * HS256 secret, Supabase's JWK set. No call is made at startup (no issuer discovery): JWK sets
 * are fetched on the first token, through the outbound client factory; Supabase's fetch is recorded
 * as Supabase usage, an OIDC issuer (not a provider) is not.
 */
final class JwtDecoders {

	private JwtDecoders() {
	}

	static @Nullable JwtDecoder forMethods(AuthMethods methods, SecuritySettings settings, OutboundClients clients) {
		List<JwtDecoder> decoders = new ArrayList<>();
		methods.jwkSetUri().ifPresent((uri) -> {
			NimbusJwtDecoder decoder = NimbusJwtDecoder.withJwkSetUri(uri)
				.restOperations(clients.unrecordedRestTemplate())
				.jwsAlgorithms((algorithms) -> algorithms.addAll(List.of(SignatureAlgorithm.RS256,
						SignatureAlgorithm.ES256, SignatureAlgorithm.PS256)))
				.build();
			decoder.setJwtValidator(validator(settings.jwtIssuer()));
			decoders.add(decoder);
		});
		methods.supabaseJwtSecret().ifPresent((secret) -> {
			SecretKeySpec key = new SecretKeySpec(secret.reveal().getBytes(StandardCharsets.UTF_8), "HmacSHA256");
			decoders.add(NimbusJwtDecoder.withSecretKey(key).macAlgorithm(MacAlgorithm.HS256).build());
		});
		methods.supabaseJwkSetUri().ifPresent((uri) -> decoders.add(NimbusJwtDecoder.withJwkSetUri(uri)
			.restOperations(clients.restTemplate(ProviderKey.SUPABASE))
			.jwsAlgorithms((algorithms) -> algorithms.addAll(List.of(SignatureAlgorithm.ES256, SignatureAlgorithm.RS256)))
			.build()));
		return switch (decoders.size()) {
			case 0 -> null;
			case 1 -> decoders.get(0);
			default -> firstThatAccepts(decoders);
		};
	}

	private static OAuth2TokenValidator<Jwt> validator(@Nullable String issuer) {
		return (issuer != null) ? JwtValidators.createDefaultWithIssuer(issuer)
				: new DelegatingOAuth2TokenValidator<>(JwtValidators.createDefault());
	}

	/** Tries each issuer in turn; the token is refused only when none accepts it. */
	private static JwtDecoder firstThatAccepts(List<JwtDecoder> decoders) {
		return (token) -> {
			JwtException last = null;
			for (JwtDecoder decoder : decoders) {
				try {
					return decoder.decode(token);
				}
				catch (JwtException ex) {
					last = ex;
				}
			}
			throw last;
		};
	}

}
