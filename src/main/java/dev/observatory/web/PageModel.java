package dev.observatory.web;

import org.springframework.stereotype.Component;
import org.springframework.ui.Model;

/**
 * What a full page's layout needs — the verdict for its banner, the Observatory's tabs for its drawer —
 * added by the page handlers only: the fragments the pages load have no banner and do not pay for one.
 */
@Component
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

	/** Adds the layout's attributes; returns the verdict it shows, for a page that judges its actions by it. */
	StatusView addLayout(Model model) {
		StatusView view = this.status.current();
		model.addAttribute("status", view);
		model.addAttribute("observatoryTabs", TABS);
		return view;
	}

}
