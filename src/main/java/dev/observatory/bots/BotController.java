package dev.observatory.bots;

import java.util.List;
import java.util.UUID;

import dev.observatory.common.trace.Traces;
import jakarta.servlet.http.HttpServletRequest;
import tools.jackson.databind.JsonNode;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Accounts and bots: {@code /api/accounts}, {@code /api/bots}, {@code /api/bots/{id}}. */
@RestController
class BotController {

	private final BotService bots;

	private final AccountService accounts;

	private final Traces traces;

	BotController(BotService bots, AccountService accounts, Traces traces) {
		this.bots = bots;
		this.accounts = accounts;
		this.traces = traces;
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

	record AccountList(List<AccountService.Account> accounts, String traceId) {
	}

	record BotList(List<BotService.Bot> bots, String traceId) {
	}

}
