package dev.observatory.trading.execution;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.observatory.common.secrets.SecretMasker;
import dev.observatory.integrations.client.ProviderCallException;
import dev.observatory.integrations.tradovate.TradovateClient;
import dev.observatory.integrations.tradovate.TradovateTrading;
import dev.observatory.telemetry.CallingContext;
import dev.observatory.trading.MarketTick;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A LIVE bot's orders at Tradovate: market orders on the front contract, each a usage event with the
 * bot's id (the run's calling context). Fills are not tracked yet — Tradovate reports them on its
 * user-sync WebSocket or through calls PROVIDERS.md does not document — so an order stays WORKING
 * and, failing closed, the bot places nothing more until its run ends and cancels what is working.
 */
public final class TradovateVenue implements Venue {

	public static final String KEY = "tradovate";

	private static final Logger log = LoggerFactory.getLogger(TradovateVenue.class);

	private final TradovateTrading tradovate;

	private final ExecutionLedger ledger;

	private final String contract;

	private final String accountSpec;

	private final long accountId;

	private final Map<OrderTicket, Long> working = new LinkedHashMap<>();

	public TradovateVenue(TradovateTrading tradovate, ExecutionLedger ledger, String contract, String accountSpec,
			long accountId) {
		this.tradovate = tradovate;
		this.ledger = ledger;
		this.contract = contract;
		this.accountSpec = accountSpec;
		this.accountId = accountId;
	}

	/**
	 * The venue of a bot's Tradovate account, trading {@code contract}: the account's id and spec
	 * resolved at Tradovate as the bot's call.
	 *
	 * @param externalId the Observatory account's {@code external_id} (the Tradovate account's name or id)
	 */
	public static TradovateVenue forAccount(TradovateTrading tradovate, ExecutionLedger ledger, UUID bot,
			@Nullable UUID accountId, String externalId, String contract) {
		TradovateClient.Account broker = CallingContext.callAs(bot, accountId,
				() -> TradovateAccounts.resolve(tradovate, externalId));
		return new TradovateVenue(tradovate, ledger, contract, broker.name(), broker.id());
	}

	@Override
	public String key() {
		return KEY;
	}

	@Override
	public @Nullable String place(OrderTicket ticket) {
		try {
			long orderId = this.tradovate.placeMarketOrder(this.accountSpec, this.accountId, ticket.buy(), this.contract,
					ticket.quantity().longValueExact(), ticket.clientOrderId());
			this.ledger.placed(ticket, KEY, String.valueOf(orderId));
			this.working.put(ticket, orderId);
			return null;
		}
		catch (ProviderCallException ex) {
			String reason = SecretMasker.describe(ex, 300);
			this.ledger.placed(ticket, KEY, null);
			this.ledger.ended(ticket.id(), "REJECTED", reason, ticket.at());
			return reason;
		}
	}

	@Override
	public List<PaperVenue.Filled> onTick(MarketTick tick) {
		return List.of();
	}

	@Override
	public boolean hasWorking() {
		return !this.working.isEmpty();
	}

	/** Cancels every working order at the broker; one that cannot be cancelled stays WORKING, as it may be. */
	@Override
	public void close(Instant now) {
		for (Map.Entry<OrderTicket, Long> order : List.copyOf(this.working.entrySet())) {
			try {
				this.tradovate.cancelOrder(order.getValue());
				this.ledger.ended(order.getKey().id(), "CANCELLED", "RUN_ENDED", now);
				this.working.remove(order.getKey());
			}
			catch (ProviderCallException ex) {
				log.warn("Tradovate order {} could not be cancelled and may still work: {}", order.getValue(),
						SecretMasker.describe(ex, 200));
			}
		}
	}

}
