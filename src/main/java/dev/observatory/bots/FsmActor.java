package dev.observatory.bots;

import java.util.regex.Pattern;

/**
 * Who made a state change, as the FSM log records it: a loop of the system, or a person
 * ({@code USER:<subject>}).
 */
public record FsmActor(String value) {

	public static final FsmActor SYSTEM = new FsmActor("SYSTEM");

	public static final FsmActor SUPERVISOR = new FsmActor("SUPERVISOR");

	public static final FsmActor TIMEOUT_WORKER = new FsmActor("TIMEOUT_WORKER");

	public static final FsmActor RUNNER = new FsmActor("RUNNER");

	private static final Pattern SUBJECT = Pattern.compile("[^\\p{Cntrl}]{1,200}");

	public FsmActor {
		if (!value.equals("SYSTEM") && !value.equals("SUPERVISOR") && !value.equals("TIMEOUT_WORKER")
				&& !value.equals("RUNNER") && !(value.startsWith("USER:") && SUBJECT.matcher(value.substring(5)).matches())) {
			throw new IllegalArgumentException("not an FSM actor: SYSTEM, SUPERVISOR, TIMEOUT_WORKER, RUNNER or USER:<subject>");
		}
	}

	public static FsmActor user(String subject) {
		return new FsmActor("USER:" + subject);
	}

}
