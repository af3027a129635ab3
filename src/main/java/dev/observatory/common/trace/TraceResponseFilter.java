package dev.observatory.common.trace;

import java.io.IOException;

import io.micrometer.tracing.Span;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Puts the request's trace id on the response ({@code traceparent} and {@code X-Trace-Id}) and on
 * the request, before anything else can answer. It runs right after the server observation filter
 * (which honours an incoming {@code traceparent}) and before Spring Security, so that 401 and 403
 * problems carry the same trace id as everything else.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 2)
class TraceResponseFilter extends OncePerRequestFilter {

	static final String TRACE_ID_HEADER = "X-Trace-Id";

	static final String TRACEPARENT_HEADER = "traceparent";

	private final Traces traces;

	TraceResponseFilter(Traces traces) {
		this.traces = traces;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		if (request.getAttribute(Traces.REQUEST_ATTRIBUTE) == null) {
			Span span = this.traces.currentSpan();
			String traceId = (span != null) ? span.context().traceId() : Traces.newTraceId();
			request.setAttribute(Traces.REQUEST_ATTRIBUTE, traceId);
			response.setHeader(TRACE_ID_HEADER, traceId);
			if (span != null) {
				String flags = Boolean.TRUE.equals(span.context().sampled()) ? "01" : "00";
				response.setHeader(TRACEPARENT_HEADER,
						"00-" + traceId + "-" + span.context().spanId() + "-" + flags);
			}
		}
		chain.doFilter(request, response);
	}

	@Override
	protected boolean shouldNotFilterErrorDispatch() {
		return false;
	}

}
