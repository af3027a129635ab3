package dev.observatory.status;

import java.util.List;
import java.util.UUID;

import dev.observatory.common.trace.Traces;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.jspecify.annotations.Nullable;

import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /api/system/status} and its history. Nothing here, or anywhere, sets the verdict. */
@RestController
@Validated
class SystemStatusController {

	private final SystemStatus status;

	private final StatusHistory history;

	private final Traces traces;

	SystemStatusController(SystemStatus status, StatusHistory history, Traces traces) {
		this.status = status;
		this.history = history;
		this.traces = traces;
	}

	@GetMapping("/api/system/status")
	SystemStatus.Envelope status() {
		return this.status.current();
	}

	@GetMapping("/api/system/status/history")
	History history(@RequestParam(defaultValue = "50") @Min(1) @Max(500) int limit,
			@RequestParam(required = false) @Nullable UUID cursor) {
		List<StatusHistory.Change> page = this.history.page(limit + 1, cursor);
		boolean more = page.size() > limit;
		List<StatusHistory.Change> changes = more ? page.subList(0, limit) : page;
		return new History(changes, more ? changes.get(changes.size() - 1).id() : null, this.traces.currentTraceId());
	}

	record History(List<StatusHistory.Change> changes, @Nullable UUID nextCursor, String traceId) {
	}

}
