package dev.observatory.trading.execution;

import java.time.Clock;
import java.util.Optional;

import dev.observatory.bots.AccountService;
import dev.observatory.bots.BotMode;
import dev.observatory.bots.BotService;
import dev.observatory.bots.SafeStartCheck;
import dev.observatory.bots.SafeStartCode;
import dev.observatory.common.secrets.SecretMasker;
import dev.observatory.integrations.client.ProviderCallException;
import dev.observatory.telemetry.CallingContext;
import dev.observatory.trading.Instrument;
import dev.observatory.trading.Instruments;

import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * A LIVE bot starts only when the broker's positions on its account match what Observatory booked
 * for the LIVE bots on that account, per instrument: a mismatch is {@code POSITION_MISMATCH}, and a
 * broker that cannot report them is {@code BROKER_UNAVAILABLE} — a missing report is never taken as
 * flat. The calls are the bot's (its id on the usage events). Tradovate and Ironbeam: the venues built.
 */
@Component
@Order(35)
class BrokerPositionsSafeStart implements SafeStartCheck {

	private final AccountService accounts;

	private final PositionReconciliation reconciliation;

	private final Clock clock;

	BrokerPositionsSafeStart(AccountService accounts, PositionReconciliation reconciliation, Clock clock) {
		this.accounts = accounts;
		this.reconciliation = reconciliation;
		this.clock = clock;
	}

	@Override
	public Optional<Denial> check(BotService.Bot bot, Initiator initiator) {
		if (bot.mode() != BotMode.LIVE || bot.accountId() == null) {
			return Optional.empty();
		}
		Optional<AccountService.Account> account = this.accounts.find(bot.accountId());
		if (account.isEmpty() || !BrokerVenues.BUILT.contains(account.get().broker())) {
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
			return Optional.of(new Denial(SafeStartCode.BROKER_UNAVAILABLE, account.get().broker() + " could not report the"
					+ " positions of account " + account.get().externalId() + ": " + SecretMasker.describe(ex, 240)
					+ "; a missing report is never taken as flat", "Verify " + account.get().broker() + " and retry the start"));
		}
	}

	private Optional<Denial> reconcile(AccountService.Account account) {
		return this.reconciliation.mismatch(account)
			.map((difference) -> new Denial(SafeStartCode.POSITION_MISMATCH, difference,
					"Reconcile the account by hand (flatten or book the difference) before starting a LIVE bot on it"));
	}

}
