package dev.observatory.web;

import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

/** What every page's layout needs: the verdict for its banner. */
@ControllerAdvice(basePackageClasses = PageModel.class)
class PageModel {

	private final PageStatus status;

	PageModel(PageStatus status) {
		this.status = status;
	}

	/** A tab of the Observatory (page and drawer). */
	record Tab(String key, String label) {
	}

	static final java.util.List<Tab> TABS = java.util.List.of(new Tab("autonomy", "Autonomy"), new Tab("proof", "Proof"),
			new Tab("resilience", "Resilience"), new Tab("connections", "Connections"), new Tab("events", "Events"),
			new Tab("ai-ops", "AI Ops"), new Tab("variables", "Variables"));

	@ModelAttribute
	void banner(Model model) {
		model.addAttribute("observatoryTabs", TABS);
		if (!model.containsAttribute("status")) {
			model.addAttribute("status", this.status.current());
		}
	}

}
