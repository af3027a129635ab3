package dev.observatory.security;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

import org.springframework.core.convert.converter.Converter;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

/**
 * Maps a JWT to an authentication whose role comes from the configured claim (a dotted path reaches
 * into nested objects; a list takes its strongest role). A token without a known role authenticates
 * with no role at all, so every protected route answers 403: fail closed, never a default role.
 */
final class RoleClaimConverter implements Converter<Jwt, AbstractAuthenticationToken> {

	private final List<String> claimPath;

	RoleClaimConverter(String roleClaim) {
		this.claimPath = List.of(roleClaim.split("\\."));
	}

	@Override
	public AbstractAuthenticationToken convert(Jwt jwt) {
		Optional<Role> role = roleIn(resolve(jwt.getClaims()));
		return new JwtAuthenticationToken(jwt, role.map((r) -> List.of(r.authority())).orElse(List.of()),
				jwt.getSubject());
	}

	private @Nullable Object resolve(Map<String, Object> claims) {
		Object current = claims;
		for (String part : this.claimPath) {
			if (!(current instanceof Map<?, ?> map)) {
				return null;
			}
			current = map.get(part);
		}
		return current;
	}

	private static Optional<Role> roleIn(@Nullable Object value) {
		if (value instanceof String name) {
			return Role.parse(name);
		}
		if (value instanceof Collection<?> names) {
			return names.stream()
				.map(String::valueOf)
				.map(Role::parse)
				.flatMap(Optional::stream)
				.max(Enum::compareTo);
		}
		return Optional.empty();
	}

}
