package dev.observatory.bots;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.observatory.common.error.ApiException;
import dev.observatory.common.trace.Traces;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * Whether a bot may start or be restarted: every {@link SafeStartCheck} is asked, and any denial
 * refuses. Fails closed: a check that cannot run denies ({@code SAFE_START_CHECK_FAILED}), and a
 * person and the supervisor get the same answer except where a check says otherwise (TIER_LOCKED).
 */
@Component
public class SafeStartGate {

	private static final Logger log = LoggerFactory.getLogger(SafeStartGate.class);

	private final ObjectProvider<SafeStartCheck> checks;

	private final Traces traces;

	SafeStartGate(ObjectProvider<SafeStartCheck> checks, Traces traces) {
		this.checks = checks;
		this.traces = traces;
	}

	public Verdict check(BotService.Bot bot, SafeStartCheck.Initiator initiator) {
		List<SafeStartCheck.Denial> denials = new ArrayList<>();
		if (bot.state().equals(BotState.KILLED.name())) {
			denials.add(new SafeStartCheck.Denial(SafeStartCode.BOT_KILLED, "Bot " + bot.name() + " is killed",
					"An administrator must unkill it (POST /api/bots/{id}/unkill with a reason)"));
		}
		this.checks.orderedStream().forEach((check) -> {
			try {
				check.check(bot, initiator).ifPresent(denials::add);
			}
			catch (RuntimeException ex) {
				log.warn("Safe-start check {} failed for bot {}: {}", check.getClass().getSimpleName(), bot.id(),
						ex.getClass().getSimpleName());
				denials.add(new SafeStartCheck.Denial(SafeStartCode.SAFE_START_CHECK_FAILED,
						"The safe-start check " + check.getClass().getSimpleName() + " could not run ("
								+ ex.getClass().getSimpleName() + "): the start is refused until it can",
						"Check the database and the integrations status, then retry"));
			}
		});
		return new Verdict(denials.isEmpty(), List.copyOf(denials), this.traces.currentTraceId());
	}

	/**
	 * @param allowed whether nothing denies
	 * @param denials every denial, in check order
	 * @param traceId the trace of this verdict
	 */
	public record Verdict(boolean allowed, List<SafeStartCheck.Denial> denials, String traceId) {

		public Optional<SafeStartCheck.Denial> first() {
			return this.denials.stream().findFirst();
		}

		public List<String> codes() {
			return this.denials.stream().map((denial) -> denial.code().name()).toList();
		}

		/** The 409 a refused start answers: the first denial's code, every denial under {@code reasons}. */
		public ApiException toException() {
			SafeStartCheck.Denial first = this.denials.get(0);
			return new ApiException(first.code(), first.message(), Map.of("reasons", this.denials.stream()
				.map((denial) -> Map.of("code", denial.code().name(), "message", denial.message(), "suggested_fix",
						String.valueOf(denial.suggestedFix())))
				.toList()));
		}

	}

}
