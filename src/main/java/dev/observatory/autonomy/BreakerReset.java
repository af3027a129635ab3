package dev.observatory.autonomy;

import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import dev.observatory.audit.AuditLog;
import dev.observatory.bots.AutonomyEventLog;
import dev.observatory.bots.AutonomyPermit;
import dev.observatory.bots.BotService;
import dev.observatory.common.error.ApiException;
import dev.observatory.common.error.ErrorCode;
import dev.observatory.common.trace.Traces;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * An operator's breaker reset: OPEN → HALF_OPEN (never straight to CLOSED), audited, with an
 * autonomy event, and the supervisor woken so the trial restart happens at once. One clean run then
 * closes the breaker; a failure re-opens it.
 */
@Service
class BreakerReset {

	private final BotService bots;

	private final Breakers breakers;

	private final AutonomyEventLog autonomyEvents;

	private final AuditLog audit;

	private final TransactionTemplate transactions;

	private final ApplicationEventPublisher events;

	private final Traces traces;

	private final Clock clock;

	private final ObjectProvider<AutonomyPermit> permit;

	BreakerReset(BotService bots, Breakers breakers, AutonomyEventLog autonomyEvents, AuditLog audit,
			TransactionTemplate transactions, ApplicationEventPublisher events, Traces traces, Clock clock,
			ObjectProvider<AutonomyPermit> permit) {
		this.bots = bots;
		this.permit = permit;
		this.breakers = breakers;
		this.autonomyEvents = autonomyEvents;
		this.audit = audit;
		this.transactions = transactions;
		this.events = events;
		this.traces = traces;
		this.clock = clock;
	}

	Result reset(UUID botId) {
		this.bots.get(botId);
		if (this.breakers.of(botId).state() == Breakers.BreakerState.OPEN) {
			this.permit.getObject().require("RESET_BREAKER", botId.toString());
		}
		Boolean reset = this.transactions.execute((status) -> {
			if (!this.breakers.halfOpen(botId, this.clock.instant().truncatedTo(ChronoUnit.MICROS),
					this.traces.currentTraceId())) {
				return false;
			}
			this.autonomyEvents.record(botId, "BREAKER_HALF_OPEN", "OPERATOR_RESET", Map.of());
			this.audit.record("RESET_BREAKER", botId.toString(), AuditLog.Outcome.SUCCESS);
			return true;
		});
		if (!Boolean.TRUE.equals(reset)) {
			throw new ApiException(Code.BREAKER_NOT_OPEN, "The restart breaker of bot " + botId + " is "
					+ this.breakers.of(botId).state() + ", not OPEN: there is nothing to reset");
		}
		this.events.publishEvent(new SupervisorWakeUp("BREAKER_RESET", Set.of(botId)));
		return new Result(botId, "HALF_OPEN", this.traces.currentTraceId());
	}

	record Result(UUID botId, String breaker, String traceId) {
	}

	enum Code implements ErrorCode {

		BREAKER_NOT_OPEN;

		@Override
		public HttpStatus status() {
			return HttpStatus.CONFLICT;
		}

	}

}
