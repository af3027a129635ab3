package dev.observatory.autonomy;

import java.util.UUID;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.jspecify.annotations.Nullable;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** The scheduler status, breaker reset, kill, unkill, reduce-only and resume. */
@RestController
class AutonomyController {

	private final SchedulerStatus scheduler;

	private final BreakerReset breakerReset;

	private final KillSwitch killSwitch;

	AutonomyController(SchedulerStatus scheduler, BreakerReset breakerReset, KillSwitch killSwitch) {
		this.scheduler = scheduler;
		this.breakerReset = breakerReset;
		this.killSwitch = killSwitch;
	}

	@PostMapping("/api/bots/{id}/kill")
	KillSwitch.Result kill(@PathVariable UUID id, @Valid @RequestBody(required = false) @Nullable KillRequest request) {
		return this.killSwitch.killByHand(id, (request != null) ? request.reason() : null);
	}

	@PostMapping("/api/bots/{id}/unkill")
	KillSwitch.Result unkill(@PathVariable UUID id, @Valid @RequestBody UnkillRequest request) {
		return this.killSwitch.unkill(id, request.reason());
	}

	@PostMapping("/api/bots/{id}/reduce-only")
	KillSwitch.Result reduceOnly(@PathVariable UUID id) {
		return this.killSwitch.reduceOnly(id);
	}

	@PostMapping("/api/bots/{id}/resume")
	KillSwitch.Result resume(@PathVariable UUID id) {
		return this.killSwitch.resume(id);
	}

	@GetMapping("/api/scheduler/status")
	SchedulerStatus.Report schedulerStatus() {
		return this.scheduler.report();
	}

	@PostMapping("/api/bots/{id}/breaker/reset")
	BreakerReset.Result resetBreaker(@PathVariable UUID id) {
		return this.breakerReset.reset(id);
	}

	record KillRequest(@Size(max = 500) @Nullable String reason) {
	}

	record UnkillRequest(@NotBlank @Size(max = 500) String reason) {
	}

}
