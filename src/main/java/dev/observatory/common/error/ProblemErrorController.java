package dev.observatory.common.error;

import io.swagger.v3.oas.annotations.Hidden;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Answers the container's error dispatches (a request Tomcat rejected before MVC, a filter that
 * called {@code sendError}) with the same problem shape as everything else, instead of Boot's
 * default error body. The detail is generic by design: the container's message can echo input.
 */
@RestController
@Hidden
class ProblemErrorController implements ErrorController {

	private final Problems problems;

	ProblemErrorController(Problems problems) {
		this.problems = problems;
	}

	@RequestMapping(path = "/error", produces = { MediaType.APPLICATION_PROBLEM_JSON_VALUE,
			MediaType.APPLICATION_JSON_VALUE, MediaType.ALL_VALUE })
	ResponseEntity<ProblemDetail> error(HttpServletRequest request) {
		Object statusAttribute = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
		// Without a status the container did not forward here: somebody asked for /error itself.
		int status = (statusAttribute instanceof Integer code) ? code : 404;
		CommonErrorCode code = CommonErrorCode.forStatus(status);
		ProblemDetail problem = this.problems.create(code.status(), code.code(), describe(code), request);
		Object uri = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
		if (uri instanceof String path) {
			problem.setInstance(java.net.URI.create(path));
		}
		return ResponseEntity.status(code.status())
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.body(problem);
	}

	private static String describe(CommonErrorCode code) {
		return switch (code) {
			case MALFORMED_REQUEST -> "The request is malformed";
			case UNAUTHORIZED -> "Authentication is required: send a bearer token";
			case FORBIDDEN -> "Your role does not allow this action";
			case ROUTE_NOT_FOUND -> "No such route";
			case PAYLOAD_TOO_LARGE -> "Request body is too large";
			case INTERNAL_ERROR -> "An unexpected error occurred. Quote the trace id when you report it.";
			default -> "The request could not be processed";
		};
	}

}
