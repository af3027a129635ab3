package dev.observatory.status;

import java.util.Map;

import dev.observatory.audit.AuditLog;
import dev.observatory.bots.AutonomyPermit;
import dev.observatory.bots.SafeStartCode;
import dev.observatory.common.error.ApiException;

import org.springframework.stereotype.Component;

/**
 * The verdict enforced on the actions that are not starts (those go through the safe-start gate,
 * {@link SystemStatusChecks}): while BLOCKED each is refused with 409 {@code SYSTEM_BLOCKED} listing
 * the blockers, and the refusal is audited.
 */
@Component
class SystemStatusPermit implements AutonomyPermit {

	private final SystemStatus status;

	private final AuditLog audit;

	SystemStatusPermit(SystemStatus status, AuditLog audit) {
		this.status = status;
		this.audit = audit;
	}

	@Override
	public void require(String action, String target) {
		SystemStatus.Envelope verdict = this.status.current();
		if (verdict.autonomyAllowed()) {
			return;
		}
		this.audit.record(action, target, AuditLog.Outcome.DENIED,
				Map.of("reason", "SYSTEM_BLOCKED", "blockers", verdict.blockerCodes()));
		throw new ApiException(SafeStartCode.SYSTEM_BLOCKED, "The system is BLOCKED ("
				+ String.join(", ", verdict.blockerCodes()) + "): " + action + " is refused until it is not",
				Map.of("blockers", verdict.blockerCodes()));
	}

}
