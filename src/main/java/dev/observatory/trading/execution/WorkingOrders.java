package dev.observatory.trading.execution;

import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

import dev.observatory.common.secrets.SecretMasker;
import dev.observatory.integrations.client.ProviderCallException;
import dev.observatory.telemetry.CallingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * A bot's working orders, for whoever must end them without its run — a kill: paper orders are
 * cancelled in the ledger, broker orders at the broker first (as the bot's calls). An order the
 * broker would not cancel stays WORKING, as it may still be.
 */
@Service
public class WorkingOrders {

	private static final Logger log = LoggerFactory.getLogger(WorkingOrders.class);

	private final JdbcClient jdbc;

	private final ExecutionLedger ledger;

	private final BrokerVenues brokers;

	private final Clock clock;

	WorkingOrders(JdbcClient jdbc, ExecutionLedger ledger, BrokerVenues brokers, Clock clock) {
		this.jdbc = jdbc;
		this.ledger = ledger;
		this.brokers = brokers;
		this.clock = clock;
	}

	/** Cancels every working order of the bot; answers how many were cancelled. */
	public int cancelAll(UUID bot, String reason) {
		List<Working> working = this.jdbc.sql("""
				SELECT o.id, o.venue, o.venue_order_id, b.account_id, a.external_id
				FROM orders o JOIN bots b ON b.id = o.bot_id LEFT JOIN accounts a ON a.id = b.account_id
				WHERE o.bot_id = ? AND o.status = 'WORKING' ORDER BY o.created_at""")
			.param(bot)
			.query((rs, i) -> new Working(rs.getObject("id", UUID.class), rs.getString("venue"),
					rs.getString("venue_order_id"), rs.getObject("account_id", UUID.class), rs.getString("external_id")))
			.list();
		int cancelled = 0;
		for (Working order : working) {
			if (BrokerVenues.BUILT.contains(order.venue()) && order.venueOrderId() != null) {
				try {
					CallingContext.runAs(bot, order.account(),
							() -> this.brokers.cancel(order.venue(), order.externalId(), order.venueOrderId()));
				}
				catch (ProviderCallException ex) {
					log.warn("Order {} of bot {} could not be cancelled at {} and may still work: {}", order.id(), bot,
							order.venue(), SecretMasker.describe(ex, 200));
					continue;
				}
			}
			this.ledger.ended(order.id(), "CANCELLED", reason, this.clock.instant().truncatedTo(ChronoUnit.MICROS));
			cancelled++;
		}
		return cancelled;
	}

	/**
	 * Closes a LIVE bot's booked positions at its broker with market orders on the front contract (as
	 * the bot's calls); answers the orders placed. A paper position has no price to close at without
	 * a market update, so it is left as booked (the kill event says so).
	 */
	public int flatten(UUID bot, String traceId) {
		List<Flat> open = this.jdbc.sql("""
				SELECT p.symbol, p.quantity, a.broker, a.external_id, (SELECT t.id FROM trade_log t WHERE t.bot_id = p.bot_id
				    AND t.symbol = p.symbol AND t.status = 'OPEN') AS trade, b.account_id, p.data_source
				FROM positions p JOIN bots b ON b.id = p.bot_id JOIN accounts a ON a.id = b.account_id
				WHERE p.bot_id = ? AND p.quantity <> 0 AND b.mode = 'LIVE' AND a.broker = ANY(?)""")
			.params(bot, BrokerVenues.BUILT.toArray(String[]::new))
			.query((rs, i) -> new Flat(rs.getString("symbol"), rs.getBigDecimal("quantity"), rs.getString("broker"),
					rs.getString("external_id"), rs.getObject("trade", UUID.class), rs.getObject("account_id", UUID.class),
					rs.getString("data_source")))
			.list();
		int placed = 0;
		for (Flat position : open) {
			var instrument = dev.observatory.trading.Instruments.find(position.symbol()).orElse(null);
			if (instrument == null || position.trade() == null) {
				log.warn("Bot {}'s {} position cannot be flattened: no instrument or no open trade", bot, position.symbol());
				continue;
			}
			Venue venue;
			try {
				venue = this.brokers.forKill(bot, position.account(), position.broker(), position.externalId(), instrument);
			}
			catch (IllegalStateException | ProviderCallException ex) {
				log.warn("Bot {}'s {} position cannot be flattened at {}: {}", bot, position.symbol(), position.broker(),
						SecretMasker.describe(ex, 200));
				continue;
			}
			boolean buy = position.quantity().signum() < 0;
			OrderTicket ticket = new OrderTicket(dev.observatory.common.time.Ids.newId(), "kill-" + UUID.randomUUID(), bot,
					null, position.symbol(), buy, false, position.quantity().abs(), java.math.BigDecimal.ZERO,
					position.trade(), "LIVE", position.dataSource(), traceId, this.clock.instant().truncatedTo(ChronoUnit.MICROS));
			String refused = CallingContext.callAs(bot, position.account(), () -> venue.place(ticket));
			if (refused == null) {
				placed++;
			}
		}
		return placed;
	}

	private record Working(UUID id, String venue, @org.jspecify.annotations.Nullable String venueOrderId,
			@org.jspecify.annotations.Nullable UUID account, @org.jspecify.annotations.Nullable String externalId) {
	}

	private record Flat(String symbol, java.math.BigDecimal quantity, String broker, String externalId,
			@org.jspecify.annotations.Nullable UUID trade, @org.jspecify.annotations.Nullable UUID account,
			String dataSource) {
	}

}
