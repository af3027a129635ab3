package dev.observatory.security;

import dev.observatory.audit.Actors;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;

/** The audit log's view of the caller: the security context's name and strongest role. */
@Component
class SecurityContextActors implements Actors {

	@Override
	public Actor current() {
		Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
		if (authentication == null || !authentication.isAuthenticated()) {
			return Actor.SYSTEM;
		}
		return new Actor(authentication.getName(),
				Role.highest(authentication.getAuthorities()).map(Role::name).orElse("NONE"));
	}

}
