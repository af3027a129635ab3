package dev.observatory.scoring;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import dev.observatory.common.error.ApiException;
import dev.observatory.common.error.CommonErrorCode;
import dev.observatory.common.trace.Traces;
import org.jspecify.annotations.Nullable;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** A bot's autonomy score (VIEWER). Read-only: nothing writes a score but the scoring itself. */
@RestController
class ScoreController {

	private final AutonomyScores scores;

	private final Traces traces;

	ScoreController(AutonomyScores scores, Traces traces) {
		this.scores = scores;
		this.traces = traces;
	}

	/** Computed now from the bot's rows, with the breakdown, the caps and "What's blocking autonomy?". */
	@GetMapping("/api/bots/{id}/autonomy")
	AutonomyScores.View autonomy(@PathVariable UUID id) {
		return this.scores.now(id);
	}

	/** The stored scores, newest first; {@code before} pages back by {@code computed_at}. */
	@GetMapping("/api/bots/{id}/autonomy/history")
	History history(@PathVariable UUID id, @RequestParam(defaultValue = "50") int limit,
			@RequestParam(required = false) @Nullable Instant before) {
		if (limit < 1 || limit > 500) {
			throw new ApiException(CommonErrorCode.INVALID_PARAMETER, "Parameter 'limit' must be from 1 to 500");
		}
		List<AutonomyScores.View> rows = this.scores.history(id, limit, before);
		Instant next = (rows.size() == limit) ? rows.get(rows.size() - 1).computedAt() : null;
		return new History(rows, next, this.traces.currentTraceId());
	}

	/**
	 * @param nextBefore pass as {@code before} for the next page, or null on the last
	 */
	record History(List<AutonomyScores.View> scores, @Nullable Instant nextBefore, String traceId) {
	}

}
