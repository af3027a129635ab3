package dev.observatory.bots;

import java.util.List;
import java.util.UUID;

import dev.observatory.common.trace.Traces;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Size;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

import org.springframework.http.HttpStatus;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Accounts and bots: {@code /api/accounts}, {@code /api/bots}, {@code /api/bots/{id}}. */
@RestController
@Validated
class BotController {

	private final BotService bots;

	private final AccountService accounts;

	private final BotLifecycle lifecycle;

	private final FleetHistory history;

	private final BotDrills drills;

	private final Traces traces;

	BotController(BotService bots, AccountService accounts, BotLifecycle lifecycle, FleetHistory history,
			BotDrills drills, Traces traces) {
		this.bots = bots;
		this.accounts = accounts;
		this.lifecycle = lifecycle;
		this.history = history;
		this.drills = drills;
		this.traces = traces;
	}

	@PostMapping("/api/bots/{id}/start")
	BotService.Bot start(@PathVariable UUID id) {
		return this.lifecycle.start(id);
	}

	@PostMapping("/api/bots/{id}/stop")
	BotService.Bot stop(@PathVariable UUID id) {
		return this.lifecycle.stop(id);
	}

	@PostMapping("/api/bots/{id}/safe-start-check")
	SafeStartReport safeStartCheck(@PathVariable UUID id,
			@RequestParam(defaultValue = "USER") SafeStartCheck.Initiator initiator) {
		SafeStartGate.Verdict verdict = this.lifecycle.safeStartCheck(id, initiator);
		return new SafeStartReport(id, verdict.allowed(), initiator, verdict.denials(), verdict.traceId());
	}

	@PostMapping("/api/bots/{id}/simulate-crash")
	@ResponseStatus(HttpStatus.ACCEPTED)
	BotDrills.Accepted simulateCrash(@PathVariable UUID id) {
		return this.drills.request(id, BotDrills.Drill.CRASH);
	}

	@PostMapping("/api/bots/{id}/simulate-hang")
	@ResponseStatus(HttpStatus.ACCEPTED)
	BotDrills.Accepted simulateHang(@PathVariable UUID id) {
		return this.drills.request(id, BotDrills.Drill.HANG);
	}

	@GetMapping("/api/bots/{id}/instances")
	InstanceList instances(@PathVariable UUID id, HttpServletRequest request) {
		return new InstanceList(this.history.instances(id), this.traces.traceIdOf(request));
	}

	@GetMapping("/api/bots/{id}/jobs")
	JobList jobs(@PathVariable UUID id, HttpServletRequest request) {
		return new JobList(this.history.jobs(id), this.traces.traceIdOf(request));
	}

	@GetMapping("/api/bots/{id}/events")
	EventList events(@PathVariable UUID id, @RequestParam(defaultValue = "50") @Min(1) @Max(500) int limit,
			@RequestParam(required = false) @Size(max = 200) String cursor, HttpServletRequest request) {
		FleetHistory.EventPage page = this.history.events(id, limit, cursor);
		return new EventList(page.events(), page.nextCursor(), this.traces.traceIdOf(request));
	}

	@PostMapping("/api/accounts")
	@ResponseStatus(HttpStatus.CREATED)
	AccountService.Account createAccount(@RequestBody AccountService.NewAccount request) {
		return this.accounts.create(request);
	}

	@GetMapping("/api/accounts")
	AccountList accounts(HttpServletRequest request) {
		return new AccountList(this.accounts.all(), this.traces.traceIdOf(request));
	}

	@PostMapping("/api/bots")
	@ResponseStatus(HttpStatus.CREATED)
	BotService.Bot create(@RequestBody JsonNode body) {
		return this.bots.create(body);
	}

	@GetMapping("/api/bots")
	BotList bots(HttpServletRequest request) {
		return new BotList(this.bots.all(), this.traces.traceIdOf(request));
	}

	@GetMapping("/api/bots/{id}")
	BotService.Bot bot(@PathVariable UUID id) {
		return this.bots.get(id);
	}

	@PatchMapping("/api/bots/{id}")
	BotService.Bot update(@PathVariable UUID id, @RequestBody JsonNode patch) {
		return this.bots.update(id, patch);
	}

	@DeleteMapping("/api/bots/{id}")
	@ResponseStatus(HttpStatus.NO_CONTENT)
	void delete(@PathVariable UUID id) {
		this.bots.delete(id);
	}

	record SafeStartReport(UUID botId, boolean allowed, SafeStartCheck.Initiator initiator,
			List<SafeStartCheck.Denial> denials, String traceId) {
	}

	record InstanceList(List<FleetHistory.Instance> instances, String traceId) {
	}

	record JobList(List<FleetHistory.Job> jobs, String traceId) {
	}

	record EventList(List<FleetHistory.Event> events, @Nullable String nextCursor, String traceId) {
	}

	record AccountList(List<AccountService.Account> accounts, String traceId) {
	}

	record BotList(List<BotService.Bot> bots, String traceId) {
	}

}
