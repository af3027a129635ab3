package dev.observatory.bots;

/**
 * Whether the system allows an autonomy-dependent action now — start, resume, enable trading, go LIVE,
 * breaker reset, unkill — decided by the verdict (implemented by the status module, which knows it).
 * Stop and kill never ask: failing closed means stopping stays possible.
 */
public interface AutonomyPermit {

	/**
	 * @param action what is asked, for the refusal's message and the audit ({@code RESUME}, {@code UNKILL}, …)
	 * @throws dev.observatory.common.error.ApiException 409 {@code SYSTEM_BLOCKED}, listing the blocker codes,
	 * while the system is BLOCKED
	 */
	void require(String action, String target);

}
