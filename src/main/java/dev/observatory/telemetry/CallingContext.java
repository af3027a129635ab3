package dev.observatory.telemetry;

import java.util.UUID;
import java.util.function.Supplier;

import io.micrometer.context.ContextRegistry;
import io.micrometer.context.ThreadLocalAccessor;
import org.jspecify.annotations.Nullable;

/**
 * The bot and account on whose behalf a call is made. Set once by the runner (or a request) around
 * the work, and carried across virtual threads and executors by Micrometer context propagation
 * (the accessor is registered with the global {@link ContextRegistry}). A call outside any context is
 * recorded with {@code bot_id = null}: never guessed.
 */
public final class CallingContext {

	static final String KEY = "observatory.calling-context";

	private static final ThreadLocal<@Nullable Ids> CURRENT = new ThreadLocal<>();

	static {
		ContextRegistry.getInstance().registerThreadLocalAccessor(new Accessor());
	}

	private CallingContext() {
	}

	/** Runs the work with the given bot and account as the calling context, restoring the previous one after. */
	public static <T> T callAs(@Nullable UUID botId, @Nullable UUID accountId, Supplier<T> work) {
		Ids previous = CURRENT.get();
		CURRENT.set(new Ids(botId, accountId));
		try {
			return work.get();
		}
		finally {
			restore(previous);
		}
	}

	public static void runAs(@Nullable UUID botId, @Nullable UUID accountId, Runnable work) {
		callAs(botId, accountId, () -> {
			work.run();
			return null;
		});
	}

	static @Nullable UUID botId() {
		Ids ids = CURRENT.get();
		return (ids != null) ? ids.botId() : null;
	}

	static @Nullable UUID accountId() {
		Ids ids = CURRENT.get();
		return (ids != null) ? ids.accountId() : null;
	}

	private static void restore(@Nullable Ids previous) {
		if (previous == null) {
			CURRENT.remove();
		}
		else {
			CURRENT.set(previous);
		}
	}

	record Ids(@Nullable UUID botId, @Nullable UUID accountId) {
	}

	private static final class Accessor implements ThreadLocalAccessor<Ids> {

		@Override
		public Object key() {
			return KEY;
		}

		@Override
		public @Nullable Ids getValue() {
			return CURRENT.get();
		}

		@Override
		public void setValue(Ids value) {
			CURRENT.set(value);
		}

		@Override
		public void setValue() {
			CURRENT.remove();
		}

	}

}
