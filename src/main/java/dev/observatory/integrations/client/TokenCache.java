package dev.observatory.integrations.client;

import java.util.function.Function;

import org.jspecify.annotations.Nullable;

/**
 * One cached login token, in memory only (never stored, never logged). Callers serialize on it:
 * two verifies at once must not open two broker sessions.
 */
public final class TokenCache<T> {

	private @Nullable T token;

	/**
	 * The token {@code refresh} decides on, given the cached one (or null): reuse it, renew it or
	 * log in afresh. A failure leaves the cache as it was.
	 */
	public synchronized T obtain(Function<@Nullable T, T> refresh) {
		T next = refresh.apply(this.token);
		this.token = next;
		return next;
	}

	/** Drops {@code rejected} if it is still the cached one (a newer token is kept). */
	public synchronized void forget(T rejected) {
		if (this.token == rejected) {
			this.token = null;
		}
	}

	/** Drops whatever is cached: the next call logs in afresh. */
	public synchronized void clear() {
		this.token = null;
	}

}
