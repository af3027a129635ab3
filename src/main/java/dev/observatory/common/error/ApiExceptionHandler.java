package dev.observatory.common.error;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.ConstraintViolationException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.exc.InvalidFormatException;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

import org.springframework.beans.TypeMismatchException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.validation.FieldError;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.multipart.MaxUploadSizeExceededException;
import org.springframework.web.servlet.NoHandlerFoundException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import org.springframework.web.servlet.resource.NoResourceFoundException;

/**
 * Turns every exception that reaches MVC into a problem with {@code error_code} and
 * {@code trace_id}. Messages are written here, not copied from exceptions, so that no parser output,
 * SQL or secret reaches a client; unexpected failures are logged with their trace id and answered
 * with {@code INTERNAL_ERROR} and no detail of the cause.
 */
@RestControllerAdvice
class ApiExceptionHandler extends ResponseEntityExceptionHandler {

	private static final Logger log = LoggerFactory.getLogger(ApiExceptionHandler.class);

	private final Problems problems;

	ApiExceptionHandler(Problems problems) {
		this.problems = problems;
	}

	@ExceptionHandler(ApiException.class)
	ResponseEntity<ProblemDetail> handleApiException(ApiException exception, HttpServletRequest request) {
		return respond(this.problems.from(exception, request));
	}

	@ExceptionHandler(AccessDeniedException.class)
	ResponseEntity<ProblemDetail> handleAccessDenied(AccessDeniedException exception, HttpServletRequest request) {
		return respond(this.problems.create(CommonErrorCode.FORBIDDEN,
				"Your role does not allow this action", request));
	}

	@ExceptionHandler(AuthenticationException.class)
	ResponseEntity<ProblemDetail> handleAuthentication(AuthenticationException exception,
			HttpServletRequest request) {
		return respond(this.problems.create(CommonErrorCode.UNAUTHORIZED,
				"Authentication is required: send a bearer token", request));
	}

	/** Method validation of a {@code @Validated} bean: a 400 naming every invalid parameter. */
	@ExceptionHandler(ConstraintViolationException.class)
	ResponseEntity<ProblemDetail> handleConstraintViolation(ConstraintViolationException exception,
			HttpServletRequest request) {
		List<Map<String, String>> errors = exception.getConstraintViolations()
			.stream()
			.map((violation) -> Map.of("field", lastNode(violation.getPropertyPath().toString()), "message",
					violation.getMessage()))
			.toList();
		return respond(withErrors(errors, request));
	}

	@ExceptionHandler({ CannotGetJdbcConnectionException.class, DataAccessResourceFailureException.class })
	ResponseEntity<ProblemDetail> handleDatabaseDown(Exception exception, HttpServletRequest request) {
		ProblemDetail problem = this.problems.create(CommonErrorCode.DATABASE_UNAVAILABLE,
				"The database is unreachable; the request changed nothing. Retry when it is back.", request);
		log.warn("Database unavailable while serving {} {} (trace {})", request.getMethod(),
				request.getRequestURI(), problem.getProperties().get(Problems.TRACE_ID));
		return respond(problem);
	}

	@ExceptionHandler(Exception.class)
	ResponseEntity<ProblemDetail> handleUnexpected(Exception exception, HttpServletRequest request) {
		ProblemDetail problem = this.problems.create(CommonErrorCode.INTERNAL_ERROR,
				"An unexpected error occurred. Quote the trace id when you report it.", request);
		log.error("Unexpected error serving {} {} (trace {})", request.getMethod(), request.getRequestURI(),
				problem.getProperties().get(Problems.TRACE_ID), exception);
		return respond(problem);
	}

	@Override
	protected ResponseEntity<Object> handleExceptionInternal(Exception exception, @Nullable Object body,
			HttpHeaders headers, HttpStatusCode status, WebRequest webRequest) {
		HttpServletRequest request = ((NativeWebRequest) webRequest).getNativeRequest(HttpServletRequest.class);
		if (request == null) {
			return super.handleExceptionInternal(exception, body, headers, status, webRequest);
		}
		ProblemDetail problem = translate(exception, status, request);
		HttpHeaders responseHeaders = new HttpHeaders();
		if (problem.getStatus() == status.value()) {
			// Keeps headers the status obliges, such as Allow on a 405.
			responseHeaders.putAll(headers);
		}
		return ResponseEntity.status(problem.getStatus()).headers(responseHeaders).body(problem);
	}

	private ProblemDetail translate(Exception exception, HttpStatusCode status, HttpServletRequest request) {
		return switch (exception) {
			case NoResourceFoundException e -> routeUnknown(request);
			case NoHandlerFoundException e -> routeUnknown(request);
			case HttpRequestMethodNotSupportedException e -> PromisedEndpoints
				.isPromised(request.getMethod(), pathOf(request)) ? notImplemented(request)
						: this.problems.create(CommonErrorCode.METHOD_NOT_ALLOWED,
								request.getMethod() + " is not supported on this route", request);
			case MethodArgumentNotValidException e -> validationFailed(e, request);
			case HandlerMethodValidationException e -> validationFailed(e, request);
			case HttpMessageNotReadableException e -> unreadable(e, request);
			case TypeMismatchException e -> this.problems.create(CommonErrorCode.INVALID_PARAMETER,
					"Parameter '" + e.getPropertyName() + "' has an invalid value"
							+ ((e.getRequiredType() != null) ? "; expected " + describe(e.getRequiredType()) : ""),
					request);
			case MissingServletRequestParameterException e -> this.problems.create(CommonErrorCode.MISSING_PARAMETER,
					"Parameter '" + e.getParameterName() + "' is required", request);
			case HttpMediaTypeNotSupportedException e -> this.problems.create(CommonErrorCode.UNSUPPORTED_MEDIA_TYPE,
					"Content type " + e.getContentType() + " is not supported; send application/json", request);
			case HttpMediaTypeNotAcceptableException e -> this.problems.create(CommonErrorCode.NOT_ACCEPTABLE,
					"None of the accepted media types can be produced; accept application/json", request);
			case MaxUploadSizeExceededException e -> this.problems.create(CommonErrorCode.PAYLOAD_TOO_LARGE,
					"Request body is too large", request);
			default -> this.problems.create(CommonErrorCode.forStatus(status.value()),
					"The request could not be processed", request);
		};
	}

	private ProblemDetail routeUnknown(HttpServletRequest request) {
		if (PromisedEndpoints.isPromised(request.getMethod(), pathOf(request))) {
			return notImplemented(request);
		}
		return this.problems.create(CommonErrorCode.ROUTE_NOT_FOUND,
				"No route " + request.getMethod() + " " + pathOf(request), request);
	}

	private ProblemDetail notImplemented(HttpServletRequest request) {
		return this.problems.create(CommonErrorCode.NOT_IMPLEMENTED,
				request.getMethod() + " " + pathOf(request) + " is promised by the API reference but not built yet",
				request);
	}

	private ProblemDetail validationFailed(MethodArgumentNotValidException exception, HttpServletRequest request) {
		List<Map<String, String>> errors = exception.getBindingResult()
			.getAllErrors()
			.stream()
			.map((error) -> Map.of("field", (error instanceof FieldError field) ? field.getField() : error.getObjectName(),
					"message", String.valueOf(error.getDefaultMessage())))
			.toList();
		return withErrors(errors, request);
	}

	private ProblemDetail validationFailed(HandlerMethodValidationException exception, HttpServletRequest request) {
		List<Map<String, String>> errors = exception.getParameterValidationResults()
			.stream()
			.flatMap((result) -> result.getResolvableErrors()
				.stream()
				.map((error) -> Map.of("field", String.valueOf(result.getMethodParameter().getParameterName()),
						"message", String.valueOf(error.getDefaultMessage()))))
			.toList();
		return withErrors(errors, request);
	}

	private ProblemDetail withErrors(List<Map<String, String>> errors, HttpServletRequest request) {
		String fields = errors.stream().map((error) -> error.get("field")).distinct().collect(Collectors.joining(", "));
		ProblemDetail problem = this.problems.create(CommonErrorCode.VALIDATION_FAILED,
				"Invalid value for: " + fields, request);
		problem.setProperty("errors", errors);
		return problem;
	}

	private ProblemDetail unreadable(HttpMessageNotReadableException exception, HttpServletRequest request) {
		if (hasCause(exception, PayloadTooLargeException.class)) {
			return this.problems.create(CommonErrorCode.PAYLOAD_TOO_LARGE, "Request body is too large", request);
		}
		Throwable cause = exception.getCause();
		String detail = switch (cause) {
			case UnrecognizedPropertyException e -> "Unknown field '" + e.getPropertyName() + "'";
			case InvalidFormatException e -> "Field '" + fieldPath(e) + "' has an invalid value; expected "
					+ describe(e.getTargetType());
			case MismatchedInputException e when !fieldPath(e).isEmpty() -> "Field '" + fieldPath(e)
					+ "' has the wrong type; expected " + describe(e.getTargetType());
			case JacksonException e -> "Request body is not valid JSON";
			case null, default -> "Request body is missing or unreadable";
		};
		return this.problems.create(CommonErrorCode.MALFORMED_REQUEST, detail, request);
	}

	private static String fieldPath(JacksonException exception) {
		return exception.getPath()
			.stream()
			.map((reference) -> (reference.getPropertyName() != null) ? reference.getPropertyName()
					: "[" + reference.getIndex() + "]")
			.collect(Collectors.joining("."));
	}

	private static String describe(@Nullable Class<?> type) {
		if (type == null) {
			return "a different type";
		}
		if (type.isEnum()) {
			return "one of " + java.util.Arrays.toString(type.getEnumConstants());
		}
		if (Number.class.isAssignableFrom(type) || (type.isPrimitive() && type != boolean.class)) {
			return "a number";
		}
		if (type == Boolean.class || type == boolean.class) {
			return "true or false";
		}
		return "a " + type.getSimpleName();
	}

	private static String lastNode(String path) {
		return path.substring(path.lastIndexOf('.') + 1);
	}

	private static boolean hasCause(Throwable exception, Class<? extends Throwable> type) {
		for (Throwable cause = exception; cause != null; cause = cause.getCause()) {
			if (type.isInstance(cause)) {
				return true;
			}
		}
		return false;
	}

	private static String pathOf(HttpServletRequest request) {
		String uri = request.getRequestURI();
		String context = request.getContextPath();
		return uri.startsWith(context) ? uri.substring(context.length()) : uri;
	}

	private static ResponseEntity<ProblemDetail> respond(ProblemDetail problem) {
		return ResponseEntity.status(problem.getStatus()).body(problem);
	}

}
