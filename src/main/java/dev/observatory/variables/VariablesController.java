package dev.observatory.variables;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import dev.observatory.bots.BotService;
import dev.observatory.common.error.ApiException;
import dev.observatory.common.error.CommonErrorCode;
import dev.observatory.common.time.Windows;
import dev.observatory.common.trace.Traces;
import dev.observatory.telemetry.ProviderKey;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The profit-variable catalog and who read what (VIEWER). */
@RestController
class VariablesController {

	/** Access roll-ups have no retention loop yet; a month is what the reports read. */
	private static final Duration MAX_WINDOW = Duration.ofDays(30);

	private final VariableQueries queries;

	private final BotService bots;

	private final Traces traces;

	private final Clock clock;

	VariablesController(VariableQueries queries, BotService bots, Traces traces, Clock clock) {
		this.queries = queries;
		this.bots = bots;
		this.traces = traces;
		this.clock = clock;
	}

	@GetMapping("/api/variables")
	CatalogResponse catalog(@RequestParam(defaultValue = "24h") String window) {
		Duration duration = Windows.parse(window, MAX_WINDOW);
		return new CatalogResponse(this.queries.catalog(this.clock.instant(), duration), window,
				this.traces.currentTraceId());
	}

	@GetMapping("/api/bots/{id}/variables")
	BotResponse ofBot(@PathVariable UUID id, @RequestParam(defaultValue = "24h") String window) {
		Duration duration = Windows.parse(window, MAX_WINDOW);
		BotService.Bot bot = this.bots.get(id);
		return new BotResponse(id, bot.mode().name(), bot.mode().label(),
				this.queries.ofBot(id, this.clock.instant(), duration), window, this.traces.currentTraceId());
	}

	@GetMapping("/api/integrations/{provider}/variables/top")
	TopResponse top(@PathVariable String provider, @RequestParam(defaultValue = "24h") String window,
			@RequestParam(defaultValue = "10") int limit) {
		Duration duration = Windows.parse(window, MAX_WINDOW);
		if (!"sim".equals(provider) && ProviderKey.parse(provider).isEmpty()) {
			throw new ApiException(CommonErrorCode.INVALID_PARAMETER,
					"Unknown provider '" + provider.replaceAll("[^A-Za-z0-9_-]", "?") + "'");
		}
		if (limit < 1 || limit > 100) {
			throw new ApiException(CommonErrorCode.INVALID_PARAMETER, "Parameter 'limit' must be from 1 to 100");
		}
		Instant now = this.clock.instant();
		return new TopResponse(provider, this.queries.topOfProvider(provider, now, duration, limit), window,
				this.traces.currentTraceId());
	}

	record CatalogResponse(List<VariableQueries.CatalogEntry> variables, String window, String traceId) {
	}

	record BotResponse(UUID botId, String mode, String label, List<VariableQueries.BotVariable> variables, String window,
			String traceId) {
	}

	record TopResponse(String provider, List<VariableQueries.ProviderVariable> variables, String window,
			String traceId) {
	}

}
