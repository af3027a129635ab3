package dev.observatory.status;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import dev.observatory.audit.AuditLog;
import dev.observatory.common.drills.PartFailures;
import dev.observatory.common.error.ApiException;
import dev.observatory.common.error.CommonErrorCode;
import dev.observatory.common.error.ErrorCode;
import dev.observatory.common.trace.Traces;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /api/drills/fail-part} (ADMIN, audited): makes the integrations status, the accounts or
 * the status snapshot's database read fail for N seconds exactly as a real failure would, so the
 * verdict can be watched reacting. Only with {@code OBSERVATORY_DRILLS=true}, which is refused at
 * start-up while any LIVE bot is enabled; without it the route is a 404.
 */
@RestController
class FailPartDrill {

	private final PartFailures failures;

	private final AuditLog audit;

	private final Traces traces;

	private final boolean enabled;

	FailPartDrill(PartFailures failures, AuditLog audit, Traces traces, JdbcClient jdbc,
			@Value("${observatory.drills:false}") boolean enabled) {
		this.failures = failures;
		this.audit = audit;
		this.traces = traces;
		this.enabled = enabled;
		if (enabled) {
			long live = jdbc.sql("SELECT count(*) FROM bots WHERE mode = 'LIVE' AND desired_state = 'RUNNING'")
				.query(Long.class)
				.single();
			if (live > 0) {
				throw new IllegalStateException("OBSERVATORY_DRILLS=true is refused while " + live
						+ " LIVE bot(s) are enabled: stop them first, or unset OBSERVATORY_DRILLS");
			}
		}
	}

	@PostMapping("/api/drills/fail-part")
	Result failPart(@RequestBody(required = false) @Nullable Request request) {
		// Checked before the body, so that with drills off the route answers like one that does not exist.
		if (!this.enabled) {
			throw new ApiException(Code.DRILLS_DISABLED,
					"Drills are off: POST /api/drills/fail-part exists only with OBSERVATORY_DRILLS=true");
		}
		if (request == null || request.seconds() == null || request.seconds() < 1 || request.seconds() > 600) {
			throw new ApiException(CommonErrorCode.VALIDATION_FAILED, "seconds must be between 1 and 600",
					Map.of("errors", List.of(Map.of("field", "seconds", "message", "between 1 and 600"))));
		}
		PartFailures.Part part = Arrays.stream(PartFailures.Part.values())
			.filter((candidate) -> candidate.key().equals(request.part()))
			.findFirst()
			.orElseThrow(() -> new ApiException(CommonErrorCode.VALIDATION_FAILED,
					"part must be one of integrations, accounts, database-read",
					Map.of("errors", List.of(Map.of("field", "part", "message", "one of integrations, accounts, database-read")))));
		Instant until = this.failures.failFor(part, Duration.ofSeconds(request.seconds()));
		this.audit.record("DRILL_FAIL_PART", part.key(), AuditLog.Outcome.SUCCESS, Map.of("seconds", request.seconds()));
		return new Result(part.key(), until, this.traces.currentTraceId());
	}

	record Request(@Nullable String part, @Nullable Integer seconds) {
	}

	record Result(String part, Instant until, String traceId) {
	}

	/** With drills off the route answers 404, as one that is not there, under a code that says why. */
	enum Code implements ErrorCode {

		DRILLS_DISABLED;

		@Override
		public HttpStatus status() {
			return HttpStatus.NOT_FOUND;
		}

	}

}
