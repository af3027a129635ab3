package dev.observatory.web;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import dev.observatory.integrations.Integration;
import dev.observatory.integrations.IntegrationCatalog;
import dev.observatory.integrations.IntegrationCategory;
import dev.observatory.integrations.IntegrationStatus;
import dev.observatory.telemetry.UsageQueries;
import dev.observatory.variables.VariableQueries;
import org.jspecify.annotations.Nullable;

import org.springframework.dao.DataAccessException;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;

/**
 * The provider tabs — Proof, Connections, AI Ops, Variables — and the Connections row the Verify
 * button reloads in place ({@code /ui/connections/{provider}}). Everything comes from the usage
 * events, their roll-ups and the verifies; what was not measured is shown as not measured.
 */
@Controller
class ProviderTabs {

	private static final Duration DAY = Duration.ofHours(24);

	private final IntegrationStatus integrations;

	private final UsageQueries usage;

	private final VariableQueries variables;

	private final ObservatoryReads reads;

	private final Clock clock;

	ProviderTabs(IntegrationStatus integrations, UsageQueries usage, VariableQueries variables, ObservatoryReads reads,
			Clock clock) {
		this.integrations = integrations;
		this.usage = usage;
		this.variables = variables;
		this.reads = reads;
		this.clock = clock;
	}

	void fill(String tab, Model model) {
		switch (tab) {
			case "proof" -> proof(model);
			case "connections" -> connections(model, (provider) -> true);
			case "ai-ops" -> aiOps(model);
			case "variables" -> variables(model);
			default -> throw new IllegalArgumentException(tab);
		}
	}

	@GetMapping("/ui/connections/{provider}")
	String connection(@PathVariable String provider, Model model) {
		List<Connection> rows = connections(model, provider::equals);
		model.addAttribute("row", (rows == null || rows.isEmpty()) ? null : rows.get(0));
		return "tabs/connections :: row";
	}

	/** One provider's 24 hours: its summary from the roll-ups and its calls per hour for the chart. */
	record ProviderProof(Integration integration, UsageQueries.UsageSummary summary,
			List<ObservatoryReads.HourCount> hours, long maxHourCalls) {
	}

	private void proof(Model model) {
		Instant now = this.clock.instant();
		List<ProviderProof> proofs = new ArrayList<>();
		for (Integration integration : IntegrationCatalog.all()) {
			if (integration.comingSoon() || !integration.supportsProofOfUse()) {
				continue;
			}
			List<ObservatoryReads.HourCount> hours = this.reads.hourly(integration.key().key(), now);
			proofs.add(new ProviderProof(integration, this.usage.summary(integration.key(), DAY, now), hours,
					Math.max(1, hours.stream().mapToLong(ObservatoryReads.HourCount::calls).max().orElse(0))));
		}
		model.addAttribute("proofs", proofs);
	}

	/**
	 * One row of the Connections tab.
	 *
	 * @param diagnostics the last verify's diagnostics
	 * @param topVariables the variables read from this provider in 24 h, most read first
	 */
	record Connection(IntegrationStatus.View view, List<String> diagnostics,
			List<VariableQueries.ProviderVariable> topVariables) {
	}

	/** The rows of the providers {@code shown} accepts, also put in the model; null when the status cannot be read. */
	private @Nullable List<Connection> connections(Model model, Predicate<String> shown) {
		try {
			Instant now = this.clock.instant();
			Map<String, List<String>> diagnostics = this.reads.lastDiagnostics();
			List<Connection> rows = this.integrations.all()
				.stream()
				.filter((view) -> shown.test(view.provider()))
				.map((view) -> new Connection(view, diagnostics.getOrDefault(view.provider(), List.of()),
						this.variables.topOfProvider(view.provider(), now, DAY, 5)))
				.toList();
			model.addAttribute("connections", rows);
			return rows;
		}
		catch (DataAccessException ex) {
			// Fail closed: no row is shown as connected when the status behind it cannot be read.
			model.addAttribute("connectionsError", ex.getClass().getSimpleName());
			return null;
		}
	}

	private void aiOps(Model model) {
		List<String> providers = IntegrationCatalog.all()
			.stream()
			.filter((integration) -> integration.category() == IntegrationCategory.AI)
			.map((integration) -> integration.key().key())
			.toList();
		Map<String, ObservatoryReads.AiUsage> used = new java.util.HashMap<>();
		this.reads.aiUsage(providers, this.clock.instant().minus(DAY)).forEach((row) -> used.put(row.provider(), row));
		model.addAttribute("aiProviders", providers);
		model.addAttribute("aiUsage", used);
	}

	private void variables(Model model) {
		Instant now = this.clock.instant();
		model.addAttribute("catalog", this.variables.catalog(now, DAY));
	}

}
