package dev.observatory.security;

import java.util.Collection;
import java.util.Locale;
import java.util.Optional;

import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/** The three roles, weakest first; each includes the ones before it. */
public enum Role {

	/** Reads everything. */
	VIEWER,

	/** Starts, stops, verifies, resets breakers. */
	OPERATOR,

	/** Configures, kills and unkills, runs drills and crash simulations. */
	ADMIN;

	public GrantedAuthority authority() {
		return new SimpleGrantedAuthority("ROLE_" + name());
	}

	/** Parses a role name as configured or as a token claim carries it; unknown names give nothing. */
	public static Optional<Role> parse(String value) {
		try {
			return Optional.of(valueOf(value.strip().toUpperCase(Locale.ROOT)));
		}
		catch (IllegalArgumentException ex) {
			return Optional.empty();
		}
	}

	/** The strongest role among the authorities, if any. */
	public static Optional<Role> highest(Collection<? extends GrantedAuthority> authorities) {
		Role highest = null;
		for (GrantedAuthority authority : authorities) {
			String name = authority.getAuthority();
			if (name != null && name.startsWith("ROLE_")) {
				Role role = parse(name.substring("ROLE_".length())).orElse(null);
				if (role != null && (highest == null || role.compareTo(highest) > 0)) {
					highest = role;
				}
			}
		}
		return Optional.ofNullable(highest);
	}

}
