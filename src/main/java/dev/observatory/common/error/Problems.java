package dev.observatory.common.error;

import java.net.URI;
import java.util.Map;

import dev.observatory.common.trace.Traces;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Component;

/** Builds the one problem shape every error takes: RFC 9457 plus {@code error_code} and {@code trace_id}. */
@Component
public class Problems {

	public static final String ERROR_CODE = "error_code";

	public static final String TRACE_ID = "trace_id";

	private final Traces traces;

	Problems(Traces traces) {
		this.traces = traces;
	}

	public ProblemDetail create(ErrorCode code, String detail, HttpServletRequest request) {
		return create(code.status(), code.code(), detail, request);
	}

	public ProblemDetail create(HttpStatusCode status, String code, String detail, HttpServletRequest request) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
		decorate(problem, code, request);
		return problem;
	}

	/** Adds the members every problem carries; the request path (never its query) is the instance. */
	public ProblemDetail decorate(ProblemDetail problem, String code, HttpServletRequest request) {
		problem.setInstance(URI.create(request.getRequestURI()));
		problem.setProperty(ERROR_CODE, code);
		problem.setProperty(TRACE_ID, this.traces.traceIdOf(request));
		return problem;
	}

	public ProblemDetail from(ApiException exception, HttpServletRequest request) {
		ProblemDetail problem = create(exception.errorCode(), exception.getMessage(), request);
		for (Map.Entry<String, Object> property : exception.properties().entrySet()) {
			problem.setProperty(property.getKey(), property.getValue());
		}
		return problem;
	}

}
