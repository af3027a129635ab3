package dev.observatory.web;

import java.util.Optional;

import dev.observatory.bots.BotService;
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

	private final BotService bots;

	private final PageModel page;

	HomeController(AuthMethods authMethods, DatabaseServer databaseServer, BotService bots, PageModel page) {
		this.authMethods = authMethods;
		this.page = page;
		this.bots = bots;
		this.databaseServer = databaseServer;
	}

	@GetMapping("/")
	String home(Authentication authentication, Model model) {
		this.page.addLayout(model);
		model.addAttribute("subject", authentication.getName());
		model.addAttribute("localMode", this.authMethods.localMode());
		model.addAttribute("embeddedDatabase", this.databaseServer.embedded());
		Optional<BotService.Bot> demo = this.bots.all()
			.stream()
			.filter((bot) -> bot.name().equals(SimDemoController.NAME))
			.findFirst();
		model.addAttribute("demo", demo.orElse(null));
		return "home";
	}

}
