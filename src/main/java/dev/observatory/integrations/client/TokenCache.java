package dev.observatory.integrations.client;

import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;

/**
 * One cached login token, in memory only (never stored, never logged). Callers serialize on it:
 * two verifies at once must not open two broker sessions. A lock rather than {@code synchronized},
 * so a login that waits out a penalty never pins a virtual thread's carrier on Java 21.
 */
public final class TokenCache<T> {

	private final ReentrantLock lock = new ReentrantLock();

	private final Consumer<T> retire;

	private @Nullable T token;

	/** @param retire called with a token once it is replaced or dropped (to end its masking) */
	public TokenCache(Consumer<T> retire) {
		this.retire = retire;
	}

	/**
	 * The token {@code refresh} decides on, given the cached one (or null): reuse it, renew it or
	 * log in afresh. A failure leaves the cache as it was.
	 */
	public T obtain(Function<@Nullable T, T> refresh) {
		this.lock.lock();
		try {
			T next = refresh.apply(this.token);
			replace(next);
			return next;
		}
		finally {
			this.lock.unlock();
		}
	}

	/** Drops {@code rejected} if it is still the cached one (a newer token is kept). */
	public void forget(T rejected) {
		this.lock.lock();
		try {
			if (this.token == rejected) {
				replace(null);
			}
		}
		finally {
			this.lock.unlock();
		}
	}

	/** Drops whatever is cached: the next call logs in afresh. */
	public void clear() {
		this.lock.lock();
		try {
			replace(null);
		}
		finally {
			this.lock.unlock();
		}
	}

	private void replace(@Nullable T next) {
		T previous = this.token;
		this.token = next;
		if (previous != null && previous != next) {
			this.retire.accept(previous);
		}
	}

}
