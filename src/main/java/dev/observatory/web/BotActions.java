package dev.observatory.web;

import java.util.EnumMap;
import java.util.Map;

import dev.observatory.bots.BotMode;
import dev.observatory.bots.BotService;
import dev.observatory.bots.BotState;
import dev.observatory.bots.StateMachines;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Which of a bot's actions the page enables, decided on the server from the verdict, the parts that
 * could not be read and the bot's own state — the same rules the API enforces (the safe-start gate,
 * the state machine), so a disabled button names the refusal the request would meet. The API still
 * refuses on its own: a forged click changes nothing.
 */
@Component
public class BotActions {

	/** A bot action on the page, with its API path. */
	public enum Action {

		START("start", true), STOP("stop", false), RESUME("resume", true), BREAKER_RESET("breaker/reset", true),
		UNKILL("unkill", true), KILL("kill", false);

		private final String path;

		private final boolean autonomyDependent;

		Action(String path, boolean autonomyDependent) {
			this.path = path;
			this.autonomyDependent = autonomyDependent;
		}

		public String path() {
			return this.path;
		}

		public String label() {
			return switch (this) {
				case START -> "Start";
				case STOP -> "Stop";
				case RESUME -> "Resume";
				case BREAKER_RESET -> "Reset breaker";
				case UNKILL -> "Unkill";
				case KILL -> "Kill";
			};
		}

	}

	/**
	 * @param action the action
	 * @param applicable whether the bot's own state admits it at all (a running bot cannot be started);
	 * the page offers only applicable actions
	 * @param enabled whether the page enables it
	 * @param reason why not, starting with the code the API would answer (null when enabled)
	 */
	public record Availability(Action action, boolean applicable, boolean enabled, @Nullable String reason) {

		static Availability enabled(Action action) {
			return new Availability(action, true, true, null);
		}

		static Availability disabled(Action action, String reason) {
			return new Availability(action, true, false, reason);
		}

		static Availability notApplicable(Action action, String reason) {
			return new Availability(action, false, false, reason);
		}

	}

	private final boolean allowLiveWhenDegraded;

	BotActions(@Value("${observatory.allow-live-when-degraded:false}") boolean allowLiveWhenDegraded) {
		this.allowLiveWhenDegraded = allowLiveWhenDegraded;
	}

	/** Every action of {@code bot}, in display order. */
	public Map<Action, Availability> of(BotService.Bot bot, @Nullable String breakerState, StatusView status) {
		Map<Action, Availability> actions = new EnumMap<>(Action.class);
		for (Action action : Action.values()) {
			actions.put(action, judge(action, bot, breakerState, status));
		}
		return actions;
	}

	private Availability judge(Action action, BotService.Bot bot, @Nullable String breakerState, StatusView status) {
		String own = ownState(action, bot, breakerState);
		if (own != null) {
			return Availability.notApplicable(action, own);
		}
		if (!action.autonomyDependent) {
			// Stopping and killing stay possible whatever the verdict: failing closed means stopping works.
			return Availability.enabled(action);
		}
		if (status.unavailableParts().contains(StatusView.STATUS_PART)) {
			return Availability.disabled(action, "STATUS_PART_UNAVAILABLE: the system status cannot be read");
		}
		if (!status.autonomyAllowed()) {
			return Availability.disabled(action, "SYSTEM_BLOCKED: " + String.join(", ",
					status.blockers().stream().map(dev.observatory.status.Finding::code).distinct().toList()));
		}
		if (action == Action.START) {
			if (bot.dependsOnIntegrations() && status.partUnavailable("integrations")) {
				return Availability.disabled(action,
						"DEPENDENCY_UNAVAILABLE: the integrations status cannot be read, and " + bot.name() + " needs it");
			}
			if (bot.dependsOnAccounts() && status.partUnavailable("accounts")) {
				return Availability.disabled(action,
						"DEPENDENCY_UNAVAILABLE: the accounts cannot be read, and " + bot.name() + " needs them");
			}
			if (bot.mode() == BotMode.LIVE && status.verdict().equals("DEGRADED") && !this.allowLiveWhenDegraded) {
				return Availability.disabled(action, "SYSTEM_DEGRADED: LIVE bots do not start while the system is DEGRADED");
			}
		}
		return Availability.enabled(action);
	}

	/** Why the bot's own state does not allow {@code action}, or null. */
	private static @Nullable String ownState(Action action, BotService.Bot bot, @Nullable String breakerState) {
		BotState state = BotState.valueOf(bot.state());
		return switch (action) {
			case START -> StateMachines.BOT.allows(state, BotState.STARTING) ? null
					: (state == BotState.KILLED) ? "The bot is KILLED: unkill it first" : "The bot is " + state;
			case STOP -> (state == BotState.STOPPED || state == BotState.KILLED) ? "The bot is " + state : null;
			case RESUME -> bot.reduceOnly() ? null : "The bot is not reduce-only";
			case BREAKER_RESET -> "OPEN".equals(breakerState) ? null : "The breaker is not OPEN";
			case UNKILL -> (state == BotState.KILLED) ? null : "The bot is not KILLED";
			case KILL -> (state == BotState.KILLED) ? "The bot is KILLED" : null;
		};
	}

}
