package dev.observatory.trading.execution;

import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import dev.observatory.bots.AccountService;
import dev.observatory.bots.BotMode;
import dev.observatory.bots.BotService;
import dev.observatory.bots.SafeStartCheck;
import dev.observatory.bots.SafeStartCode;
import dev.observatory.common.secrets.SecretMasker;
import dev.observatory.integrations.client.ProviderCallException;
import dev.observatory.integrations.tradovate.TradovateClient;
import dev.observatory.integrations.tradovate.TradovateTrading;
import dev.observatory.telemetry.CallingContext;
import dev.observatory.trading.Instrument;
import dev.observatory.trading.Instruments;

import org.springframework.core.annotation.Order;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * A LIVE bot starts only when the broker's positions on its account match what Observatory booked
 * for the LIVE bots on that account, per instrument: a mismatch is {@code POSITION_MISMATCH}, and a
 * broker that cannot report them is {@code BROKER_UNAVAILABLE} — a missing report is never taken as
 * flat. The calls are the bot's (its id on the usage events). Tradovate only: the Ironbeam venue is
 * not built, and the integrations check refuses it before this one.
 */
@Component
@Order(35)
class BrokerPositionsSafeStart implements SafeStartCheck {

	private final AccountService accounts;

	private final TradovateTrading tradovate;

	private final JdbcClient jdbc;

	private final Clock clock;

	BrokerPositionsSafeStart(AccountService accounts, TradovateTrading tradovate, JdbcClient jdbc, Clock clock) {
		this.accounts = accounts;
		this.tradovate = tradovate;
		this.jdbc = jdbc;
		this.clock = clock;
	}

	@Override
	public Optional<Denial> check(BotService.Bot bot, Initiator initiator) {
		if (bot.mode() != BotMode.LIVE || bot.accountId() == null) {
			return Optional.empty();
		}
		Optional<AccountService.Account> account = this.accounts.find(bot.accountId());
		if (account.isEmpty() || !TradovateVenue.KEY.equals(account.get().broker())) {
			return Optional.empty();
		}
		Instrument instrument = Instruments.find(bot.instruments().get(0)).orElseThrow();
		if (ContractMonths.front(instrument, this.clock.instant()).isEmpty()) {
			return Optional.of(new Denial(SafeStartCode.BROKER_UNAVAILABLE, "No contract-month rule for "
					+ instrument.symbol() + " is built, so no LIVE order can name its contract",
					"Trade ES, MES, NQ or MNQ LIVE, or this instrument in PAPER"));
		}
		try {
			return CallingContext.callAs(bot.id(), bot.accountId(), () -> reconcile(account.get()));
		}
		catch (ProviderCallException ex) {
			return Optional.of(new Denial(SafeStartCode.BROKER_UNAVAILABLE, "Tradovate could not report the positions"
					+ " of account " + account.get().externalId() + ": " + SecretMasker.describe(ex, 240)
					+ "; a missing report is never taken as flat", "Verify tradovate and retry the start"));
		}
	}

	private Optional<Denial> reconcile(AccountService.Account account) {
		TradovateClient.Account broker = TradovateAccounts.resolve(this.tradovate, account.externalId());
		Map<String, Long> reported = new TreeMap<>();
		for (TradovateTrading.Position position : this.tradovate.positions()) {
			if (position.accountId() == broker.id() && position.netPos() != 0) {
				reported.merge(ContractMonths.root(this.tradovate.contractName(position.contractId())), position.netPos(),
						Long::sum);
			}
		}
		Map<String, Long> booked = new TreeMap<>();
		this.jdbc.sql("""
				SELECT p.symbol, sum(p.quantity)::bigint AS quantity FROM positions p JOIN bots b ON b.id = p.bot_id
				WHERE b.account_id = ? AND b.mode = 'LIVE' GROUP BY p.symbol HAVING sum(p.quantity) <> 0""")
			.param(account.id())
			.query((rs) -> {
				booked.put(rs.getString("symbol"), rs.getLong("quantity"));
			});
		if (reported.equals(booked)) {
			return Optional.empty();
		}
		return Optional.of(new Denial(SafeStartCode.POSITION_MISMATCH, "Tradovate reports " + reported
				+ " on account " + account.externalId() + " where Observatory booked " + booked,
				"Reconcile the account by hand (flatten or book the difference) before starting a LIVE bot on it"));
	}

}
