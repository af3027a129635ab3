package dev.observatory.trading.execution;

import java.time.Clock;
import java.util.Set;
import java.util.UUID;

import dev.observatory.integrations.DiagnosticCode;
import dev.observatory.integrations.client.ProviderCallException;
import dev.observatory.integrations.ironbeam.IronbeamTrading;
import dev.observatory.integrations.tradovate.TradovateTrading;
import dev.observatory.integrations.tradovate.TradovateUserSync;
import dev.observatory.telemetry.CallingContext;
import dev.observatory.trading.Instrument;
import org.jspecify.annotations.Nullable;

import org.springframework.stereotype.Component;

/**
 * The broker venues built, and how a LIVE account's venue is made: its broker's account resolved and
 * the front contract named in the broker's spelling, as the bot's calls. A run's venue follows its
 * fills; a kill's sends its orders and does not wait for them.
 */
@Component
public class BrokerVenues {

	/** The brokers a LIVE bot can trade at: each reconciles positions and follows fills. */
	public static final Set<String> BUILT = Set.of(TradovateVenue.KEY, IronbeamVenue.KEY);

	private final TradovateTrading tradovate;

	private final TradovateUserSync tradovateFills;

	private final IronbeamTrading ironbeam;

	private final ExecutionLedger ledger;

	private final Clock clock;

	BrokerVenues(TradovateTrading tradovate, TradovateUserSync tradovateFills, IronbeamTrading ironbeam,
			ExecutionLedger ledger, Clock clock) {
		this.tradovate = tradovate;
		this.tradovateFills = tradovateFills;
		this.ironbeam = ironbeam;
		this.ledger = ledger;
		this.clock = clock;
	}

	/** A LIVE run's venue, following its fills. */
	public Venue forRun(UUID bot, @Nullable UUID account, String broker, String externalId, Instrument instrument) {
		return venue(bot, account, broker, externalId, instrument, true);
	}

	/** A kill's venue: its flatten orders are sent and stay WORKING as booked. */
	Venue forKill(UUID bot, @Nullable UUID account, String broker, String externalId, Instrument instrument) {
		return venue(bot, account, broker, externalId, instrument, false);
	}

	/** Cancels one order at its broker, as the calling bot's call. */
	void cancel(String venue, String externalId, String venueOrderId) {
		switch (venue) {
			case TradovateVenue.KEY -> this.tradovate.cancelOrder(Long.parseLong(venueOrderId));
			case IronbeamVenue.KEY -> this.ironbeam.cancelOrder(externalId, venueOrderId);
			default -> throw new IllegalArgumentException("no venue " + venue);
		}
	}

	/**
	 * @throws IllegalStateException when no contract rule names the instrument's contract, or the broker is not built
	 * @throws ProviderCallException when the broker cannot be reached or has no such account
	 */
	private Venue venue(UUID bot, @Nullable UUID account, String broker, String externalId, Instrument instrument,
			boolean followFills) {
		return CallingContext.callAs(bot, account, () -> switch (broker) {
			case TradovateVenue.KEY -> {
				String contract = ContractMonths.front(instrument, this.clock.instant())
					.orElseThrow(() -> noContract(instrument));
				var resolved = TradovateAccounts.resolve(this.tradovate, externalId);
				yield new TradovateVenue(this.tradovate, this.ledger, instrument, contract, resolved.name(), resolved.id(),
						followFills ? this.tradovateFills : null);
			}
			case IronbeamVenue.KEY -> {
				String symbol = ContractMonths.ironbeamSymbol(instrument, this.clock.instant())
					.orElseThrow(() -> noContract(instrument));
				yield new IronbeamVenue(this.ironbeam, this.ledger, instrument, symbol, ironbeamAccount(externalId));
			}
			default -> throw new IllegalStateException("no execution venue for broker " + broker + " is built");
		});
	}

	/** The Ironbeam account an Observatory account names ({@code external_id} is Ironbeam's account id). */
	String ironbeamAccount(String externalId) {
		if (!this.ironbeam.accounts().contains(externalId)) {
			throw ProviderCallException.finalFailure(DiagnosticCode.ENTITLEMENT_MISSING,
					"Ironbeam lists no account " + externalId + " for this trader");
		}
		return externalId;
	}

	private static IllegalStateException noContract(Instrument instrument) {
		return new IllegalStateException("no contract-month rule for " + instrument.symbol());
	}

}
