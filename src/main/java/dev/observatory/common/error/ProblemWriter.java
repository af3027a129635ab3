package dev.observatory.common.error;

import java.io.IOException;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Component;

/** Writes a problem straight to a servlet response: for filters, which answer before MVC exists. */
@Component
public class ProblemWriter {

	private final Problems problems;

	private final JsonMapper jsonMapper;

	ProblemWriter(Problems problems, JsonMapper jsonMapper) {
		this.problems = problems;
		this.jsonMapper = jsonMapper;
	}

	public void write(ErrorCode code, String detail, HttpServletRequest request, HttpServletResponse response)
			throws IOException {
		write(this.problems.create(code, detail, request), response);
	}

	public void write(ProblemDetail problem, HttpServletResponse response) throws IOException {
		if (response.isCommitted()) {
			return;
		}
		response.resetBuffer();
		response.setStatus(problem.getStatus());
		response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
		response.setCharacterEncoding("UTF-8");
		this.jsonMapper.writeValue(response.getOutputStream(), problem);
	}

}
