package dev.observatory.trading.execution;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;

import dev.observatory.common.secrets.SecretMasker;
import dev.observatory.integrations.client.ProviderCallException;
import dev.observatory.integrations.tradovate.TradovateTrading;
import dev.observatory.integrations.tradovate.TradovateUserSync;
import dev.observatory.trading.Instrument;
import dev.observatory.trading.MarketTick;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A LIVE bot's orders at Tradovate: market orders on the front contract, each a usage event with the
 * bot's id (the run's calling context). A run's venue follows its fills on Tradovate's user-sync
 * socket: the socket's reports queue up and the bot's own thread books them on its next market
 * update, so the ledger has one writer. An order is FILLED when its fills add up to its quantity,
 * at their volume-weighted price; an order the broker rejects or cancels ends with its status. With
 * the socket down (and not reopened) the venue sends no order, since it could not see it fill; an
 * order whose fill was never reported stays WORKING, and the bot places nothing more while it is.
 */
public final class TradovateVenue implements Venue {

	public static final String KEY = "tradovate";

	private static final Logger log = LoggerFactory.getLogger(TradovateVenue.class);

	private final TradovateTrading tradovate;

	private final ExecutionLedger ledger;

	private final Instrument instrument;

	private final String contract;

	private final String accountSpec;

	private final long accountId;

	private final @Nullable TradovateUserSync userSync;

	private final Queue<TradovateUserSync.Event> reports = new ConcurrentLinkedQueue<>();

	private final Map<Long, Working> working = new LinkedHashMap<>();

	private final Set<Long> fillsSeen = new HashSet<>();

	private TradovateUserSync.@Nullable Session session;

	/**
	 * @param userSync where fills are followed; null for orders nobody waits on (a kill's flatten),
	 * which stay WORKING as booked
	 */
	public TradovateVenue(TradovateTrading tradovate, ExecutionLedger ledger, Instrument instrument, String contract,
			String accountSpec, long accountId, @Nullable TradovateUserSync userSync) {
		this.tradovate = tradovate;
		this.ledger = ledger;
		this.instrument = instrument;
		this.contract = contract;
		this.accountSpec = accountSpec;
		this.accountId = accountId;
		this.userSync = userSync;
		if (userSync != null) {
			this.session = userSync.open(this.reports::add);
		}
	}

	@Override
	public String key() {
		return KEY;
	}

	@Override
	public @Nullable String place(OrderTicket ticket) {
		String untracked = ensureFillsFollowed();
		if (untracked != null) {
			this.ledger.placed(ticket, KEY, null);
			this.ledger.ended(ticket.id(), "REJECTED", untracked, ticket.at());
			return untracked;
		}
		try {
			long orderId = this.tradovate.placeMarketOrder(this.accountSpec, this.accountId, ticket.buy(), this.contract,
					ticket.quantity().longValueExact(), ticket.clientOrderId());
			this.ledger.placed(ticket, KEY, String.valueOf(orderId));
			this.working.put(orderId, new Working(ticket));
			return null;
		}
		catch (ProviderCallException ex) {
			String reason = SecretMasker.describe(ex, 300);
			this.ledger.placed(ticket, KEY, null);
			this.ledger.ended(ticket.id(), "REJECTED", reason, ticket.at());
			return reason;
		}
	}

	/** Null when fills can be seen (the socket is alive, or reopened now); else why not. */
	private @Nullable String ensureFillsFollowed() {
		if (this.userSync == null || (this.session != null && this.session.alive())) {
			return null;
		}
		if (this.session != null) {
			this.session.close();
		}
		try {
			this.session = this.userSync.open(this.reports::add);
			return null;
		}
		catch (ProviderCallException ex) {
			this.session = null;
			return "FILLS_UNTRACKED: Tradovate's user-sync socket is down, so a fill could not be seen; no order is sent ("
					+ SecretMasker.describe(ex, 200) + ")";
		}
	}

	/** Whether fills can be seen now: the user-sync socket is open and the server spoke lately. */
	public boolean fillsFollowed() {
		return this.session != null && this.session.alive();
	}

	/** Books what the broker reported since the last update; the update itself fills nothing here. */
	@Override
	public List<PaperVenue.Filled> onTick(MarketTick tick) {
		List<PaperVenue.Filled> filled = new ArrayList<>();
		for (TradovateUserSync.Event report = this.reports.poll(); report != null; report = this.reports.poll()) {
			Working order = this.working.get(report.orderId());
			if (order == null) {
				continue; // another bot's order on the same account, or one already booked
			}
			switch (report) {
				case TradovateUserSync.Fill fill -> {
					if (this.fillsSeen.add(fill.fillId()) && order.add(fill)) {
						BigDecimal price = order.averagePrice(this.instrument.tickSize());
						filled.add(new PaperVenue.Filled(order.ticket, price, this.ledger.filled(order.ticket, price,
								fill.at(), false, KEY, this.instrument.pointValue())));
						this.working.remove(report.orderId());
					}
				}
				case TradovateUserSync.OrderEnded ended -> {
					String status = ended.ordStatus().equals("Rejected") ? "REJECTED" : "CANCELLED";
					this.ledger.ended(order.ticket.id(), status, "BROKER_" + ended.ordStatus().toUpperCase(java.util.Locale.ROOT)
							+ ((ended.reason() != null) ? ": " + ended.reason() : ""), tick.time());
					this.working.remove(report.orderId());
				}
			}
		}
		return filled;
	}

	@Override
	public boolean hasWorking() {
		return !this.working.isEmpty();
	}

	/**
	 * Cancels every working order at the broker (one that cannot be cancelled stays WORKING, as it
	 * may be), then closes the user-sync socket.
	 */
	@Override
	public void close(Instant now) {
		for (Map.Entry<Long, Working> order : List.copyOf(this.working.entrySet())) {
			try {
				this.tradovate.cancelOrder(order.getKey());
				this.ledger.ended(order.getValue().ticket.id(), "CANCELLED", "RUN_ENDED", now);
				this.working.remove(order.getKey());
			}
			catch (ProviderCallException ex) {
				log.warn("Tradovate order {} could not be cancelled and may still work: {}", order.getKey(),
						SecretMasker.describe(ex, 200));
			}
		}
		if (this.session != null) {
			this.session.close();
		}
	}

	/** An order at the broker and the fills reported for it so far. */
	private static final class Working {

		private final OrderTicket ticket;

		private long quantity;

		private BigDecimal notional = BigDecimal.ZERO;

		Working(OrderTicket ticket) {
			this.ticket = ticket;
		}

		/** Adds a fill; true when the order is complete. */
		boolean add(TradovateUserSync.Fill fill) {
			this.quantity += fill.qty();
			this.notional = this.notional.add(fill.price().multiply(BigDecimal.valueOf(fill.qty())));
			return this.quantity >= this.ticket.quantity().longValueExact();
		}

		/** The volume-weighted price of the fills, to a tenth of a tick. */
		BigDecimal averagePrice(BigDecimal tickSize) {
			return this.notional.divide(BigDecimal.valueOf(this.quantity), tickSize.scale() + 1, RoundingMode.HALF_EVEN)
				.stripTrailingZeros();
		}

	}

}
