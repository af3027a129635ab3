package dev.observatory.test;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Polls a condition until it holds or a deadline passes: how tests wait for loops, never a fixed sleep. */
public final class Await {

	private Await() {
	}

	public static void until(Duration deadline, String what, BooleanSupplier condition) {
		long end = System.nanoTime() + deadline.toNanos();
		while (System.nanoTime() < end) {
			if (condition.getAsBoolean()) {
				return;
			}
			try {
				Thread.sleep(50);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException(ex);
			}
		}
		throw new AssertionError("Timed out after " + deadline + " waiting until " + what);
	}

}
