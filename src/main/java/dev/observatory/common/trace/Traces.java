package dev.observatory.common.trace;

import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;

import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

import org.springframework.stereotype.Component;

/**
 * Gives the trace id of the work in hand: the current span's, or the one the request filter pinned
 * on the request (error dispatches run outside the original span). There is always a trace id: when
 * no span is active, a fresh W3C-shaped one is generated rather than leaving the field empty.
 */
@Component
public class Traces {

	/** Request attribute holding the trace id the response headers carry. */
	public static final String REQUEST_ATTRIBUTE = Traces.class.getName() + ".traceId";

	private final Tracer tracer;

	public Traces(Tracer tracer) {
		this.tracer = tracer;
	}

	/** The current span's trace id, or a new one when no span is active. */
	public String currentTraceId() {
		Span span = this.tracer.currentSpan();
		return (span != null) ? span.context().traceId() : newTraceId();
	}

	/** The trace id the request's response carries. */
	public String traceIdOf(HttpServletRequest request) {
		Object pinned = request.getAttribute(REQUEST_ATTRIBUTE);
		return (pinned instanceof String traceId) ? traceId : currentTraceId();
	}

	@Nullable Span currentSpan() {
		return this.tracer.currentSpan();
	}

	/**
	 * A random 128-bit trace id in W3C form (32 lower-case hex digits). Trace ids correlate, they do
	 * not protect anything, so a fast per-thread generator is right here: this runs on the provider
	 * call path whenever no span is active.
	 */
	public static String newTraceId() {
		ThreadLocalRandom random = ThreadLocalRandom.current();
		String traceId = HexFormat.of().toHexDigits(random.nextLong()) + HexFormat.of().toHexDigits(random.nextLong());
		return traceId.equals("00000000000000000000000000000000") ? newTraceId() : traceId;
	}

}
