package dev.observatory.bots;

import dev.observatory.audit.Actors;
import dev.observatory.audit.AuditLog;
import dev.observatory.common.error.ApiException;
import dev.observatory.common.error.CommonErrorCode;

import org.springframework.stereotype.Component;

/**
 * Anything that makes or changes a LIVE bot or account puts real money in play: it needs the
 * ADMIN role, whatever the route allows, and a refusal is audited.
 */
@Component
class LiveChanges {

	private final Actors actors;

	private final AuditLog audit;

	LiveChanges(Actors actors, AuditLog audit) {
		this.actors = actors;
		this.audit = audit;
	}

	void requireAdmin(String action, String target) {
		if (!"ADMIN".equals(this.actors.current().role())) {
			this.audit.record(action, target, AuditLog.Outcome.DENIED);
			throw new ApiException(CommonErrorCode.FORBIDDEN,
					"Making or changing anything LIVE needs the ADMIN role; ask an administrator");
		}
	}

}
