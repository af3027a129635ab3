package dev.observatory.bots;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import dev.observatory.audit.AuditLog;
import dev.observatory.common.drills.PartFailures;
import dev.observatory.common.error.ApiException;
import dev.observatory.common.time.Ids;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Broker accounts. {@code sim} accounts are SIM, {@code paper} accounts PAPER; a real broker's
 * account is PAPER (its demo environment) or LIVE, and a LIVE one needs an ADMIN.
 */
@Service
public class AccountService {

	private static final Set<String> BROKERS = Set.of("sim", "paper", "tradovate", "ironbeam");

	private final JdbcClient jdbc;

	private final TransactionTemplate transactions;

	private final AuditLog audit;

	private final LiveChanges live;

	private final PartFailures partFailures;

	private final Clock clock;

	AccountService(JdbcClient jdbc, TransactionTemplate transactions, AuditLog audit, LiveChanges live,
			PartFailures partFailures, Clock clock) {
		this.jdbc = jdbc;
		this.partFailures = partFailures;
		this.transactions = transactions;
		this.audit = audit;
		this.live = live;
		this.clock = clock;
	}

	public Account create(NewAccount request) {
		FieldErrors errors = new FieldErrors();
		String broker = String.valueOf(request.broker());
		if (!BROKERS.contains(broker)) {
			errors.add("broker", "must be one of " + BROKERS);
		}
		else if (request.mode() != null && !allowed(broker, request.mode())) {
			errors.add("mode", broker + " accounts cannot be " + request.mode());
		}
		if (request.mode() == null) {
			errors.add("mode", "is required: SIM, PAPER or LIVE");
		}
		if (request.externalId() == null || request.externalId().isBlank() || request.externalId().length() > 100) {
			errors.add("external_id", "is required, at most 100 characters");
		}
		if (request.name() == null || request.name().isBlank() || request.name().length() > 100) {
			errors.add("name", "is required, at most 100 characters");
		}
		errors.throwIfAny();
		if (request.mode() == BotMode.LIVE) {
			this.live.requireAdmin("CREATE_ACCOUNT", request.name());
		}
		Account account = new Account(Ids.newId(), broker, request.externalId().trim(), request.name().trim(),
				request.mode(), this.clock.instant().truncatedTo(ChronoUnit.MICROS));
		try {
			this.transactions.executeWithoutResult((status) -> {
				this.jdbc.sql("""
						INSERT INTO accounts (id, broker, external_id, name, mode, created_at)
						VALUES (:id, :broker, :externalId, :name, :mode, :createdAt)""")
					.param("id", account.id())
					.param("broker", account.broker())
					.param("externalId", account.externalId())
					.param("name", account.name())
					.param("mode", account.mode().name())
					.param("createdAt", Timestamp.from(account.createdAt()))
					.update();
				this.audit.record("CREATE_ACCOUNT", account.id().toString(), AuditLog.Outcome.SUCCESS);
			});
		}
		catch (DuplicateKeyException ex) {
			throw new ApiException(BotErrorCode.ACCOUNT_EXISTS,
					"A " + broker + " account with this external id already exists", Map.of("broker", broker));
		}
		return account;
	}

	public List<Account> all() {
		this.partFailures.check(PartFailures.Part.ACCOUNTS);
		return this.jdbc.sql("SELECT id, broker, external_id, name, mode, created_at FROM accounts ORDER BY name, id")
			.query((rs, i) -> new Account(rs.getObject("id", UUID.class), rs.getString("broker"),
					rs.getString("external_id"), rs.getString("name"), BotMode.valueOf(rs.getString("mode")),
					rs.getTimestamp("created_at").toInstant()))
			.list();
	}

	public Optional<Account> find(UUID id) {
		return all().stream().filter((account) -> account.id().equals(id)).findFirst();
	}

	private static boolean allowed(String broker, BotMode mode) {
		return switch (broker) {
			case "sim" -> mode == BotMode.SIM;
			case "paper" -> mode == BotMode.PAPER;
			default -> mode != BotMode.SIM;
		};
	}

	public record NewAccount(String broker, String externalId, String name, BotMode mode) {
	}

	public record Account(UUID id, String broker, String externalId, String name, BotMode mode, Instant createdAt) {
	}

}
