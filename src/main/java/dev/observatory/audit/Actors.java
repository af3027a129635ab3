package dev.observatory.audit;

/**
 * Who is acting right now, as the audit log records it. Implemented by the security module, which
 * knows the roles; the audit log only asks.
 */
public interface Actors {

	/** The current caller, or {@link Actor#SYSTEM} when no one is signed in (a background loop). */
	Actor current();

	/**
	 * @param subject a stable, non-secret identifier of the caller
	 * @param role the caller's strongest role, {@code NONE} when they have none
	 */
	record Actor(String subject, String role) {

		public static final Actor SYSTEM = new Actor("SYSTEM", "SYSTEM");

	}

}
