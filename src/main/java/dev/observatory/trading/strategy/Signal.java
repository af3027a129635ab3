package dev.observatory.trading.strategy;

/**
 * What a strategy concluded from one tick, and why: a trade idea ({@code BUY}/{@code SELL}) or
 * {@code NONE}, always with a reason code and a human sentence, so a no-trade is explained too.
 */
public record Signal(Action action, String reasonCode, String reason) {

	public enum Action {

		BUY, SELL, NONE

	}

}
