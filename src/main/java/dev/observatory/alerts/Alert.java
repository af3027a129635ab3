package dev.observatory.alerts;

/**
 * One alert, channel-neutral. Text is built from codes, names and counts only: never a value read
 * from a secret.
 *
 * @param kind what happened ({@code STATUS_CHANGED}, {@code BREAKER_OPEN}, {@code BOT_KILLED}, {@code TEST})
 * @param key the condition it is about: the same key alerts once, then at most every reminder interval
 * @param title a short headline
 * @param text the reasons and what to do
 * @param level {@code CRITICAL}, {@code WARNING} or {@code INFO}
 * @param traceId the trace of the event that raised it
 */
record Alert(String kind, String key, String title, String text, String level, String traceId) {

	int color() {
		return switch (this.level) {
			case "CRITICAL" -> 0xD32F2F;
			case "WARNING" -> 0xF9A825;
			default -> 0x2E7D32;
		};
	}

}
