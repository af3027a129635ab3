package dev.observatory.web;

import dev.observatory.database.DatabaseServer;
import dev.observatory.security.AuthMethods;

import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/** The landing page: who you are, how this deployment runs, and where to go next. */
@Controller
class HomeController {

	private final AuthMethods authMethods;

	private final DatabaseServer databaseServer;

	HomeController(AuthMethods authMethods, DatabaseServer databaseServer) {
		this.authMethods = authMethods;
		this.databaseServer = databaseServer;
	}

	@GetMapping("/")
	String home(Authentication authentication, Model model) {
		model.addAttribute("subject", authentication.getName());
		model.addAttribute("localMode", this.authMethods.localMode());
		model.addAttribute("embeddedDatabase", this.databaseServer.embedded());
		return "home";
	}

}
