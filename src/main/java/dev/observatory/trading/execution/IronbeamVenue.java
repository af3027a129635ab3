package dev.observatory.trading.execution;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.observatory.common.secrets.SecretMasker;
import dev.observatory.integrations.client.ProviderCallException;
import dev.observatory.integrations.ironbeam.IronbeamTrading;
import dev.observatory.trading.Instrument;
import dev.observatory.trading.MarketTick;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A LIVE bot's orders at Ironbeam: day market orders on the front contract ({@code XCME:MES.Z26}),
 * each a usage event with the bot's id. Ironbeam's streaming is UNCONFIRMED, so while an order works
 * the venue asks for the account's orders at most once per {@link #POLL_EVERY} of market time, on
 * the bot's own thread (Ironbeam allows about ten calls a second). An order Ironbeam reports
 * {@code FILLED} is booked at its average fill price; {@code REJECTED}, {@code CANCELLED} or
 * {@code EXPIRED} ends it. An order whose state cannot be read stays WORKING, and the bot places
 * nothing more while it is.
 */
public final class IronbeamVenue implements Venue {

	public static final String KEY = "ironbeam";

	static final Duration POLL_EVERY = Duration.ofSeconds(1);

	private static final Logger log = LoggerFactory.getLogger(IronbeamVenue.class);

	private final IronbeamTrading ironbeam;

	private final ExecutionLedger ledger;

	private final Instrument instrument;

	private final String exchSym;

	private final String accountId;

	private final Map<String, OrderTicket> working = new LinkedHashMap<>();

	private @Nullable Instant lastPoll;

	public IronbeamVenue(IronbeamTrading ironbeam, ExecutionLedger ledger, Instrument instrument, String exchSym,
			String accountId) {
		this.ironbeam = ironbeam;
		this.ledger = ledger;
		this.instrument = instrument;
		this.exchSym = exchSym;
		this.accountId = accountId;
	}

	@Override
	public String key() {
		return KEY;
	}

	@Override
	public @Nullable String place(OrderTicket ticket) {
		try {
			String orderId = this.ironbeam.placeMarketOrder(this.accountId, this.exchSym, ticket.buy(),
					ticket.quantity().longValueExact());
			this.ledger.placed(ticket, KEY, orderId);
			this.working.put(orderId, ticket);
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
		if (this.working.isEmpty() || (this.lastPoll != null && tick.time().isBefore(this.lastPoll.plus(POLL_EVERY)))) {
			return List.of();
		}
		this.lastPoll = tick.time();
		List<IronbeamTrading.Order> orders;
		try {
			orders = this.ironbeam.orders(this.accountId);
		}
		catch (ProviderCallException ex) {
			log.warn("Ironbeam could not report the orders of account {}; {} order(s) stay WORKING: {}", this.accountId,
					this.working.size(), SecretMasker.describe(ex, 200));
			return List.of();
		}
		List<PaperVenue.Filled> filled = new ArrayList<>();
		for (IronbeamTrading.Order order : orders) {
			OrderTicket ticket = this.working.get(order.orderId());
			if (ticket == null) {
				continue;
			}
			switch (order.status().toUpperCase(Locale.ROOT)) {
				case "FILLED", "COMPLETE" -> {
					if (order.fillPrice() == null || order.fillQuantity().compareTo(ticket.quantity()) < 0) {
						continue; // not all there yet: read again on the next poll
					}
					filled.add(new PaperVenue.Filled(ticket, order.fillPrice(), this.ledger.filled(ticket, order.fillPrice(),
							tick.time(), false, KEY, this.instrument.pointValue())));
					this.working.remove(order.orderId());
				}
				case "REJECTED", "CANCELLED", "EXPIRED" -> {
					this.ledger.ended(ticket.id(), order.status().equalsIgnoreCase("REJECTED") ? "REJECTED" : "CANCELLED",
							"BROKER_" + order.status().toUpperCase(Locale.ROOT)
									+ ((order.errorText() != null) ? ": " + order.errorText() : ""), tick.time());
					this.working.remove(order.orderId());
				}
				default -> {
					// NEW, PARTIALLY_FILLED, PENDING_…: still working
				}
			}
		}
		return filled;
	}

	@Override
	public boolean hasWorking() {
		return !this.working.isEmpty();
	}

	/** Cancels every working order at Ironbeam; one that cannot be cancelled stays WORKING, as it may be. */
	@Override
	public void close(Instant now) {
		for (Map.Entry<String, OrderTicket> order : List.copyOf(this.working.entrySet())) {
			try {
				this.ironbeam.cancelOrder(this.accountId, order.getKey());
				this.ledger.ended(order.getValue().id(), "CANCELLED", "RUN_ENDED", now);
				this.working.remove(order.getKey());
			}
			catch (ProviderCallException ex) {
				log.warn("Ironbeam order {} could not be cancelled and may still work: {}", order.getKey(),
						SecretMasker.describe(ex, 200));
			}
		}
	}

}
