package dev.observatory.bots;

import java.util.Optional;

import org.jspecify.annotations.Nullable;

/**
 * One check of the safe-start gate. Modules that know a reason to refuse a start contribute a bean
 * (the autonomy module's {@code autonomy.safestart} holds them); the gate asks every one, before
 * every start by a person and every restart by the supervisor.
 */
public interface SafeStartCheck {

	/** The denial, if this check refuses the start. */
	Optional<Denial> check(BotService.Bot bot, Initiator initiator);

	/** Who asks: a person's start, or the supervisor's restart. */
	enum Initiator {

		USER, SUPERVISOR

	}

	/**
	 * @param code the reason
	 * @param message what is wrong, safe to show (names a variable, never its value)
	 * @param suggestedFix what to do about it
	 */
	record Denial(SafeStartCode code, String message, @Nullable String suggestedFix) {
	}

}
