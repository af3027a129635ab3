package dev.observatory.web;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import dev.observatory.status.Finding;
import dev.observatory.status.SystemStatus;
import org.jspecify.annotations.Nullable;

/**
 * The verdict as the pages show it. Built from the server's envelope, or, when the envelope itself
 * cannot be computed, a DEGRADED view naming the status as the part that failed — the page never
 * shows OK for something it could not read, and then nothing autonomy-dependent is enabled.
 *
 * @param verdict OK, DEGRADED or BLOCKED
 * @param autonomyAllowed whether nothing blocks (false when the status could not be read)
 * @param blockers the blockers, with fixes
 * @param degraded the degraded reasons, with fixes
 * @param notices facts that are not faults (local mode, the embedded database)
 * @param unavailableParts the parts that could not be read: {@code status}, {@code integrations}, {@code accounts}
 * @param computedAt when the verdict was computed (null when it could not be)
 * @param traceId the trace of the computation, or of the failed attempt
 */
public record StatusView(String verdict, boolean autonomyAllowed, List<Finding> blockers, List<Finding> degraded,
		List<Finding> notices, Set<String> unavailableParts, @Nullable Instant computedAt, String traceId) {

	static final String STATUS_PART = "status";

	static StatusView of(SystemStatus.Envelope envelope) {
		Set<String> parts = new TreeSet<>();
		envelope.degraded().forEach((finding) -> finding.unavailablePart().ifPresent(parts::add));
		return new StatusView(envelope.systemStatus(), envelope.autonomyAllowed(), envelope.blockers(),
				envelope.degraded(), envelope.notices(), Set.copyOf(parts), envelope.computedAt(), envelope.traceId());
	}

	static StatusView unreadable(String traceId, String why) {
		Finding finding = new Finding("STATUS_PART_UNAVAILABLE", "The system status cannot be read (" + why
				+ "): every autonomy-dependent action is disabled until it can", "WARNING", traceId, null, null,
				"Reload when GET /api/system/status answers again");
		return new StatusView("DEGRADED", false, List.of(), List.of(finding), List.of(), Set.of(STATUS_PART), null,
				traceId);
	}

	/**
	 * This view with {@code part} unreadable too — a page that failed to read a part itself treats it as
	 * the status would: DEGRADED at least, and the actions that need it disabled.
	 */
	StatusView withUnavailable(String part, String traceId) {
		if (this.unavailableParts.contains(part)) {
			return this;
		}
		Set<String> parts = new TreeSet<>(this.unavailableParts);
		parts.add(part);
		List<Finding> degraded = new java.util.ArrayList<>(this.degraded);
		degraded.add(new Finding("STATUS_PART_UNAVAILABLE", "The " + part
				+ " part cannot be read by this page; actions that need it are disabled", "WARNING", traceId, null, null,
				"Reload; if it persists, check the database and the service's logs"));
		String verdict = this.verdict.equals("OK") ? "DEGRADED" : this.verdict;
		return new StatusView(verdict, this.autonomyAllowed, this.blockers, List.copyOf(degraded), this.notices,
				Set.copyOf(parts), this.computedAt, this.traceId);
	}

	/** What identifies this verdict for the live banner: it is re-sent only when this changes. */
	public String key() {
		StringBuilder key = new StringBuilder(this.verdict);
		this.blockers.forEach((finding) -> key.append('|').append(finding.code()).append(':').append(finding.message()));
		this.degraded.forEach((finding) -> key.append('|').append(finding.code()).append(':').append(finding.message()));
		return key.toString();
	}

	public boolean partUnavailable(String part) {
		return this.unavailableParts.contains(part) || this.unavailableParts.contains(STATUS_PART);
	}

	/** CSS class and accessible name of the verdict. */
	public String tone() {
		return switch (this.verdict) {
			case "OK" -> "ok";
			case "BLOCKED" -> "bad";
			default -> "warn";
		};
	}

}
