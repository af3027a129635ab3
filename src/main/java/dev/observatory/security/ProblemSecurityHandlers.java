package dev.observatory.security;

import java.io.IOException;

import dev.observatory.audit.AuditLog;
import dev.observatory.common.error.CommonErrorCode;
import dev.observatory.common.error.ProblemWriter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.csrf.CsrfException;

/**
 * 401 and 403 as problems, like every other error. A 403 on a mutating request is audited: an
 * authenticated caller tried something beyond their role.
 */
final class ProblemSecurityHandlers implements AuthenticationEntryPoint, AccessDeniedHandler {

	private final ProblemWriter problemWriter;

	private final AuditLog auditLog;

	ProblemSecurityHandlers(ProblemWriter problemWriter, AuditLog auditLog) {
		this.problemWriter = problemWriter;
		this.auditLog = auditLog;
	}

	@Override
	public void commence(HttpServletRequest request, HttpServletResponse response,
			AuthenticationException exception) throws IOException {
		response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
		boolean tokenSent = request.getHeader(HttpHeaders.AUTHORIZATION) != null;
		this.problemWriter.write(CommonErrorCode.UNAUTHORIZED,
				tokenSent ? "The bearer token is invalid, expired or unknown"
						: "Authentication is required: send a bearer token",
				request, response);
	}

	@Override
	public void handle(HttpServletRequest request, HttpServletResponse response, AccessDeniedException exception)
			throws IOException {
		if (exception instanceof CsrfException) {
			this.problemWriter.write(CommonErrorCode.CSRF_TOKEN_INVALID,
					"The CSRF token is missing or invalid: reload the page and try again", request, response);
			return;
		}
		if (isMutating(request.getMethod())) {
			this.auditLog.record(request.getMethod() + " " + request.getRequestURI(), request.getRequestURI(),
					AuditLog.Outcome.DENIED);
		}
		this.problemWriter.write(CommonErrorCode.FORBIDDEN, "Your role does not allow this action", request,
				response);
	}

	private static boolean isMutating(String method) {
		return !("GET".equals(method) || "HEAD".equals(method) || "OPTIONS".equals(method));
	}

}
