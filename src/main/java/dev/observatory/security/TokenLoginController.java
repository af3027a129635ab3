package dev.observatory.security;

import dev.observatory.audit.AuditLog;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthenticationToken;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The browser sign-in outside local mode: paste an automation token or a JWT, get a session. The
 * token is checked by the same authentication manager as API bearer tokens and is not kept; the
 * session id is renewed on sign-in. Every attempt is audited.
 */
@Controller
class TokenLoginController {

	private final AuthMethods methods;

	private final AuthenticationManager tokenAuthenticationManager;

	private final SecurityContextRepository contextRepository;

	private final AuditLog auditLog;

	TokenLoginController(AuthMethods methods, AuthenticationManager tokenAuthenticationManager,
			SecurityContextRepository sessionSecurityContextRepository, AuditLog auditLog) {
		this.methods = methods;
		this.tokenAuthenticationManager = tokenAuthenticationManager;
		this.contextRepository = sessionSecurityContextRepository;
		this.auditLog = auditLog;
	}

	@GetMapping("/login")
	String initLoginForm(Model model) {
		if (this.methods.localMode()) {
			return "redirect:/";
		}
		return "login";
	}

	@PostMapping("/login")
	String processLoginForm(@RequestParam(defaultValue = "") String token, HttpServletRequest request,
			HttpServletResponse response) {
		if (this.methods.localMode()) {
			return "redirect:/";
		}
		Authentication authentication;
		try {
			authentication = this.tokenAuthenticationManager.authenticate(new BearerTokenAuthenticationToken(token.strip()));
		}
		catch (AuthenticationException | IllegalArgumentException ex) {
			this.auditLog.record("anonymous", "NONE", "SIGN_IN", "/login", AuditLog.Outcome.FAILURE);
			return "redirect:/login?error";
		}
		request.getSession(true);
		request.changeSessionId();
		SecurityContext context = SecurityContextHolder.createEmptyContext();
		context.setAuthentication(authentication);
		SecurityContextHolder.setContext(context);
		this.contextRepository.saveContext(context, request, response);
		this.auditLog.record("SIGN_IN", "/login", AuditLog.Outcome.SUCCESS);
		return "redirect:/";
	}

}
