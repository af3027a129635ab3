package dev.observatory.traces;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.regex.Pattern;

import dev.observatory.bots.BotService;
import dev.observatory.common.error.ApiException;
import dev.observatory.common.error.CommonErrorCode;
import dev.observatory.common.paging.Cursor;
import dev.observatory.common.secrets.SecretMasker;
import dev.observatory.common.trace.Traces;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpStatus;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /api/bots/{id}/decision-traces} and {@code /api/bots/{id}/no-trade-traces}: read newest
 * first with filters and keyset pages; written by external bot runtimes that report their own
 * decisions (OPERATOR), validated whole: an unknown bot, a time in the future beyond a small skew, an
 * unknown type — each a 400 listing the fields. The server assigns the trace id when none is given
 * and takes the mode from the bot, never from the body.
 */
@RestController
@Validated
class TracesController {

	private static final Duration SKEW = Duration.ofSeconds(5);

	private static final Pattern DATA_SOURCE = Pattern.compile("[a-z0-9_.-]{1,40}");

	private static final Pattern TRACE_ID = Pattern.compile("[0-9A-Za-z-]{8,64}");

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final DecisionTraces decisions;

	private final NoTradeTraces noTrades;

	private final BotService bots;

	private final Traces traces;

	private final Clock clock;

	TracesController(DecisionTraces decisions, NoTradeTraces noTrades, BotService bots, Traces traces, Clock clock) {
		this.decisions = decisions;
		this.noTrades = noTrades;
		this.bots = bots;
		this.traces = traces;
		this.clock = clock;
	}

	@GetMapping("/api/bots/{id}/decision-traces")
	Page<DecisionTraces.Trace> decisionTraces(@PathVariable UUID id, @RequestParam(required = false) @Nullable Instant since,
			@RequestParam(required = false) @Nullable Instant until, @RequestParam(required = false) @Nullable Action type,
			@RequestParam(defaultValue = "50") @Min(1) @Max(500) int limit, @RequestParam(required = false) @Nullable String cursor) {
		List<DecisionTraces.Trace> rows = this.decisions.page(id, since, until, (type != null) ? type.name() : null, limit + 1,
				Cursor.parse(cursor));
		return page(rows, limit, (trace) -> new Cursor(trace.decisionTime(), trace.id()));
	}

	@GetMapping("/api/bots/{id}/no-trade-traces")
	Page<NoTradeTraces.Trace> noTradeTraces(@PathVariable UUID id, @RequestParam(required = false) @Nullable Instant since,
			@RequestParam(required = false) @Nullable Instant until,
			@RequestParam(required = false) @Nullable SuppressionType type,
			@RequestParam(defaultValue = "50") @Min(1) @Max(500) int limit, @RequestParam(required = false) @Nullable String cursor) {
		List<NoTradeTraces.Trace> rows = this.noTrades.page(id, since, until, type, limit + 1, Cursor.parse(cursor));
		return page(rows, limit, (trace) -> new Cursor(trace.decisionTime(), trace.id()));
	}

	@PostMapping("/api/bots/{id}/decision-traces")
	@ResponseStatus(HttpStatus.CREATED)
	DecisionTraces.Trace reportDecision(@PathVariable UUID id, @RequestBody JsonNode body) {
		Fields fields = new Fields(body, this.clock.instant());
		requireBot(id, fields);
		Instant at = fields.time("decision_time");
		String action = fields.oneOf("action", Arrays.stream(Action.values()).map(Enum::name).toList());
		JsonNode reasons = body.path("reasons");
		if (!reasons.isArray() || reasons.isEmpty() || !reasons.valueStream().allMatch(JsonNode::isObject)) {
			fields.error("reasons", "a non-empty array of objects (rule, variable values, threshold)");
		}
		JsonNode snapshot = body.path("signals_snapshot_safe_json");
		if (!snapshot.isMissingNode() && !snapshot.isNull() && (!snapshot.isObject() || snapshot.toString().length() > 16_384)) {
			fields.error("signals_snapshot_safe_json", "an object of at most 16 KB");
		}
		BigDecimal confidence = null;
		JsonNode given = body.path("confidence");
		if (!given.isMissingNode() && !given.isNull()) {
			if (!given.isNumber() || given.decimalValue().compareTo(BigDecimal.ZERO) < 0
					|| given.decimalValue().compareTo(BigDecimal.ONE) > 0) {
				fields.error("confidence", "a number from 0 to 1");
			}
			else {
				confidence = given.decimalValue();
			}
		}
		UUID tradeLogId = fields.optionalUuid("trade_log_id");
		String dataSource = fields.optionalMatching("data_source", DATA_SOURCE);
		String traceId = fields.optionalMatching("trace_id", TRACE_ID);
		fields.throwIfAny();
		return this.decisions.record(id, at, action, masked(reasons),
				(snapshot.isObject()) ? masked(snapshot) : JSON.createObjectNode(), confidence, tradeLogId, dataSource,
				"EXTERNAL", (traceId != null) ? traceId : this.traces.currentTraceId());
	}

	@PostMapping("/api/bots/{id}/no-trade-traces")
	@ResponseStatus(HttpStatus.CREATED)
	NoTradeTraces.Trace reportNoTrade(@PathVariable UUID id, @RequestBody JsonNode body) {
		Fields fields = new Fields(body, this.clock.instant());
		requireBot(id, fields);
		Instant at = fields.time("decision_time");
		String type = fields.oneOf("suppression_type", Arrays.stream(SuppressionType.values()).map(Enum::name).toList());
		JsonNode reason = body.path("suppression_reason");
		if (!reason.isString() || reason.asString().isBlank() || reason.asString().length() > 500) {
			fields.error("suppression_reason", "text of 1 to 500 characters");
		}
		JsonNode would = body.has("would_have_traded") ? body.path("would_have_traded") : body.path("would_have_traded_boolean");
		if (!would.isBoolean()) {
			fields.error("would_have_traded", "true or false");
		}
		String dataSource = fields.optionalMatching("data_source", DATA_SOURCE);
		String traceId = fields.optionalMatching("trace_id", TRACE_ID);
		fields.throwIfAny();
		return this.noTrades.record(id, at, SuppressionType.valueOf(type), SecretMasker.mask(reason.asString()),
				would.asBoolean(), dataSource, "EXTERNAL", (traceId != null) ? traceId : this.traces.currentTraceId());
	}

	private void requireBot(UUID id, Fields fields) {
		try {
			this.bots.get(id);
		}
		catch (ApiException ex) {
			fields.error("bot_id", "no bot " + id);
			fields.throwIfAny();
		}
	}

	/** A second line of defence: a known secret's value never lands in a trace, whatever a runtime sends. */
	private static JsonNode masked(JsonNode json) {
		return JSON.readTree(SecretMasker.mask(json.toString()));
	}

	private <T> Page<T> page(List<T> rows, int limit, Function<T, Cursor> position) {
		boolean more = rows.size() > limit;
		List<T> shown = more ? rows.subList(0, limit) : rows;
		return new Page<>(shown, more ? position.apply(shown.get(limit - 1)).encode() : null, this.traces.currentTraceId());
	}

	enum Action {

		ENTER, EXIT

	}

	record Page<T>(List<T> traces, @Nullable String nextCursor, String traceId) {
	}

	/** Whole-body validation: every bad field is listed, as the bots API does. */
	private static final class Fields {

		private final JsonNode body;

		private final List<Map<String, String>> errors = new ArrayList<>();

		private final Instant now;

		Fields(JsonNode body, Instant now) {
			this.body = body;
			this.now = now;
			if (!body.isObject()) {
				error("body", "a JSON object");
				throwIfAny();
			}
		}

		void error(String field, String message) {
			this.errors.add(Map.of("field", field, "message", message));
		}

		Instant time(String field) {
			JsonNode value = this.body.path(field);
			if (value.isMissingNode() || value.isNull()) {
				return this.now;
			}
			try {
				Instant at = Instant.parse(value.asString());
				if (at.isAfter(this.now.plus(SKEW))) {
					error(field, "in the future (more than " + SKEW.toSeconds() + " s ahead of the server)");
				}
				return at;
			}
			catch (DateTimeParseException ex) {
				error(field, "an ISO-8601 UTC time such as 2026-11-30T14:30:00Z");
				return this.now;
			}
		}

		String oneOf(String field, List<String> allowed) {
			String value = this.body.path(field).asString("");
			if (!allowed.contains(value)) {
				error(field, "one of " + String.join(", ", allowed));
			}
			return value;
		}

		@Nullable UUID optionalUuid(String field) {
			JsonNode value = this.body.path(field);
			if (value.isMissingNode() || value.isNull()) {
				return null;
			}
			try {
				return UUID.fromString(value.asString());
			}
			catch (IllegalArgumentException ex) {
				error(field, "a UUID");
				return null;
			}
		}

		@Nullable String optionalMatching(String field, Pattern pattern) {
			JsonNode value = this.body.path(field);
			if (value.isMissingNode() || value.isNull()) {
				return null;
			}
			if (!value.isString() || !pattern.matcher(value.asString()).matches()) {
				error(field, "must match " + pattern.pattern());
				return null;
			}
			return value.asString();
		}

		void throwIfAny() {
			if (!this.errors.isEmpty()) {
				throw new ApiException(CommonErrorCode.VALIDATION_FAILED, "Invalid value for: "
						+ String.join(", ", this.errors.stream().map((error) -> error.get("field")).distinct().toList()),
						Map.of("errors", List.copyOf(this.errors)));
			}
		}

	}

}
