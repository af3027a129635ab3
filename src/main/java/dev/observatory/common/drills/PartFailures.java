package dev.observatory.common.drills;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.stereotype.Component;

/**
 * The parts a drill can fail ({@code POST /api/drills/fail-part}) and until when. A part's reader
 * calls {@link #check} before it reads; during a drill that throws the same exception a lost
 * database connection would, so everything above reacts as it would to the real failure. Held in
 * this process only: a drill fails the part on the replica that took the request.
 */
@Component
public class PartFailures {

	/** What can be failed. */
	public enum Part {

		/** The integrations status (a part that gates some actions). */
		INTEGRATIONS("integrations"),

		/** The broker accounts (a part that gates some actions). */
		ACCOUNTS("accounts"),

		/** The status snapshot's database read (a part that gates autonomy as a whole). */
		DATABASE_READ("database-read");

		private final String key;

		Part(String key) {
			this.key = key;
		}

		public String key() {
			return this.key;
		}

	}

	private final Map<Part, Instant> failing = new ConcurrentHashMap<>();

	private final Clock clock;

	PartFailures(Clock clock) {
		this.clock = clock;
	}

	/** Fails {@code part} for {@code duration} from now. */
	public Instant failFor(Part part, Duration duration) {
		Instant until = this.clock.instant().plus(duration);
		this.failing.put(part, until);
		return until;
	}

	/** @throws DataAccessResourceFailureException while a drill fails {@code part} */
	public void check(Part part) {
		Instant until = this.failing.get(part);
		if (until != null && this.clock.instant().isBefore(until)) {
			throw new DataAccessResourceFailureException(
					"the " + part.key() + " part is failed by a drill until " + until + " (POST /api/drills/fail-part)");
		}
	}

}
