package dev.observatory.integrations.client;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;

import dev.observatory.integrations.DiagnosticCode;
import dev.observatory.integrations.IntegrationProperties;
import dev.observatory.telemetry.ProviderKey;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.core.functions.Either;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;

import org.springframework.stereotype.Component;

/**
 * One circuit breaker per provider, so a dead provider fails fast instead of tying up a thread
 * for every timeout, and retries of transient failures with exponential backoff and full jitter,
 * honouring the provider's {@code Retry-After} when it asks for a wait we are willing to make.
 * <p>
 * Only transient failures (unreachable, timeout, rate limit, 5xx) count against a provider's
 * breaker: a wrong key says nothing about the provider's health. Retries sit outside the breaker,
 * so each attempt is judged, and an open breaker is never retried.
 */
@Component
public class ProviderResilience {

	private final IntegrationProperties.Retry retryProperties;

	private final CircuitBreakerConfig breakerConfig;

	private final Map<ProviderKey, CircuitBreaker> breakers = new ConcurrentHashMap<>();

	private final Map<ProviderKey, Retry> retries = new ConcurrentHashMap<>();

	ProviderResilience(IntegrationProperties properties) {
		this.retryProperties = properties.retry();
		IntegrationProperties.Breaker breaker = properties.breaker();
		this.breakerConfig = CircuitBreakerConfig.custom()
			.slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
			.slidingWindowSize(breaker.window())
			.minimumNumberOfCalls(breaker.minimumCalls())
			.failureRateThreshold(breaker.failureRatePercent())
			.waitDurationInOpenState(breaker.openFor())
			.permittedNumberOfCallsInHalfOpenState(1)
			// So an idle provider's breaker does not read OPEN in the status long after its wait.
			.automaticTransitionFromOpenToHalfOpenEnabled(true)
			.recordException((ex) -> ex instanceof ProviderCallException failure && failure.isTransient())
			.ignoreException((ex) -> ex instanceof ProviderCallException failure && !failure.isTransient())
			.build();
	}

	/**
	 * Runs a provider call through its breaker; {@code retryable} only when the provider's docs say
	 * repeating this request is safe (reads, token renewals), never for an order or a fresh login.
	 *
	 * @throws ProviderCallException the judged failure; an open breaker is {@code PROVIDER_UNREACHABLE}
	 */
	public <T> T call(ProviderKey provider, String providerName, boolean retryable, Supplier<T> work) {
		Supplier<T> guarded = CircuitBreaker.decorateSupplier(breaker(provider), work);
		Supplier<T> attempted = retryable ? Retry.decorateSupplier(retry(provider), guarded) : guarded;
		try {
			return attempted.get();
		}
		catch (CallNotPermittedException open) {
			throw ProviderCallException.transientFailure(DiagnosticCode.PROVIDER_UNREACHABLE,
					providerName + " is failing fast: its circuit breaker opened after repeated failures and lets a"
							+ " trial call through after " + this.breakerConfig.getWaitIntervalFunctionInOpenState().apply(1) / 1000
							+ " s",
					null);
		}
	}

	/** Whether the provider's breaker is open (failing fast) right now. */
	public boolean isOpen(ProviderKey provider) {
		CircuitBreaker breaker = this.breakers.get(provider);
		return breaker != null && (breaker.getState() == CircuitBreaker.State.OPEN
				|| breaker.getState() == CircuitBreaker.State.FORCED_OPEN);
	}

	private CircuitBreaker breaker(ProviderKey provider) {
		return this.breakers.computeIfAbsent(provider, (key) -> CircuitBreaker.of(key.key(), this.breakerConfig));
	}

	private Retry retry(ProviderKey provider) {
		return this.retries.computeIfAbsent(provider, (key) -> Retry.of(key.key(), RetryConfig.custom()
			.maxAttempts(Math.max(1, this.retryProperties.maxAttempts()))
			.retryOnException(this::worthRetrying)
			.intervalBiFunction(this::pause)
			.failAfterMaxAttempts(false)
			.build()));
	}

	private boolean worthRetrying(Throwable failure) {
		if (!(failure instanceof ProviderCallException call) || !call.isTransient()) {
			return false;
		}
		Duration asked = call.retryAfter();
		return asked == null || asked.compareTo(this.retryProperties.maxRetryAfter()) <= 0;
	}

	/** Retry-After when the provider gave one, else exponential backoff with full jitter. */
	private long pause(int attempt, Either<Throwable, ?> outcome) {
		if (outcome.isLeft() && outcome.getLeft() instanceof ProviderCallException call && call.retryAfter() != null) {
			return call.retryAfter().toMillis();
		}
		long ceiling = Math.min(this.retryProperties.maxBackoff().toMillis(),
				this.retryProperties.initialBackoff().toMillis() << Math.min(attempt - 1, 20));
		return ThreadLocalRandom.current().nextLong(0, ceiling + 1);
	}

}
