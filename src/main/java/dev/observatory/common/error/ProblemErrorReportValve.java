package dev.observatory.common.error;

import java.io.IOException;
import java.io.Writer;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.observatory.common.trace.Traces;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;

/**
 * Tomcat's error report for requests it rejects before the application sees them (a malformed
 * percent-escape, an encoded slash, headers over the size limit), written as the same problem as
 * every other error instead of Tomcat's HTML page. No span exists yet at that point, so the trace
 * id is a fresh one, sent in {@code X-Trace-Id} as well.
 */
final class ProblemErrorReportValve extends ErrorReportValve {

	private final JsonMapper jsonMapper;

	ProblemErrorReportValve(JsonMapper jsonMapper) {
		this.jsonMapper = jsonMapper;
	}

	@Override
	protected void report(Request request, Response response, Throwable throwable) {
		int status = response.getStatus();
		if (status < 400 || response.getContentWritten() > 0) {
			return;
		}
		CommonErrorCode code = CommonErrorCode.forStatus(status);
		HttpStatus httpStatus = HttpStatus.resolve(status);
		String traceId = Traces.newTraceId();
		Map<String, Object> problem = new LinkedHashMap<>();
		problem.put("type", "about:blank");
		problem.put("title", (httpStatus != null) ? httpStatus.getReasonPhrase() : "Error");
		problem.put("status", status);
		problem.put("detail", (status == 400) ? "The request is malformed (its URL or headers were rejected)"
				: "The request could not be processed");
		problem.put(Problems.ERROR_CODE, code.code());
		problem.put(Problems.TRACE_ID, traceId);
		try {
			response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
			response.setCharacterEncoding("UTF-8");
			response.setHeader("X-Trace-Id", traceId);
			Writer writer = response.getReporter();
			if (writer != null) {
				writer.write(this.jsonMapper.writeValueAsString(problem));
				response.finishResponse();
			}
		}
		catch (IOException | IllegalStateException ex) {
			// The connection is already gone or the response committed: nothing more can be sent.
		}
	}

}
