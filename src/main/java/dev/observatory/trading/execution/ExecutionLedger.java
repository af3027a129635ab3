package dev.observatory.trading.execution;

import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

import dev.observatory.common.time.Ids;
import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * What execution leaves behind: orders, fills, positions and the trade log, each state change in
 * one transaction. A trade is opened by an entry fill from flat and closed whole by an exit fill
 * (the strategies here neither scale in nor scale out).
 */
@Service
public class ExecutionLedger {

	private final JdbcClient jdbc;

	private final TransactionTemplate transactions;

	ExecutionLedger(JdbcClient jdbc, TransactionTemplate transactions) {
		this.jdbc = jdbc;
		this.transactions = transactions;
	}

	/** Records an order the venue accepted; a repeated client order id changes nothing. */
	public void placed(OrderTicket ticket, String venue, @Nullable String venueOrderId) {
		Timestamp at = Timestamp.from(ticket.at().truncatedTo(ChronoUnit.MICROS));
		this.jdbc.sql("""
				INSERT INTO orders (id, bot_id, client_order_id, instance_id, symbol, side, quantity, order_type,
				    intent, status, venue, venue_order_id, mode, data_source, trace_id, created_at, updated_at)
				VALUES (?, ?, ?, ?, ?, ?, ?, 'MARKET', ?, 'WORKING', ?, ?, ?, ?, ?, ?, ?)
				ON CONFLICT (client_order_id) DO NOTHING""")
			.params(ticket.id(), ticket.botId(), ticket.clientOrderId(), ticket.instanceId(), ticket.symbol(),
					ticket.side(), ticket.quantity(), ticket.entry() ? "ENTER" : "EXIT", venue, venueOrderId,
					ticket.mode(), ticket.dataSource(), ticket.traceId(), at, at)
			.update();
	}

	/** Ends a working order without a fill (cancelled, or rejected by the venue), with the reason. */
	public void ended(UUID order, String status, String reason, Instant at) {
		this.jdbc.sql("""
				UPDATE orders SET status = ?, status_reason = ?, updated_at = ? WHERE id = ? AND status = 'WORKING'""")
			.params(status, reason, Timestamp.from(at), order)
			.update();
	}

	/** Cancels the bot's working orders: a paper order dies with the run that would have filled it. */
	public int cancelWorking(UUID bot, String reason, Instant at) {
		return this.jdbc.sql("""
				UPDATE orders SET status = 'CANCELLED', status_reason = ?, updated_at = ?
				WHERE bot_id = ? AND status = 'WORKING' AND venue = 'paper'""")
			.params(reason, Timestamp.from(at), bot)
			.update();
	}

	/**
	 * Books a fill: the order FILLED, the fill, the position, and the trade opened or closed.
	 *
	 * @param simulated a paper fill, made up from a market update
	 * @return the position after the fill, and the realised P&L of the trade it closed (zero otherwise)
	 */
	public Booked filled(OrderTicket ticket, BigDecimal price, Instant at, boolean simulated, String venue,
			BigDecimal pointValue) {
		Timestamp time = Timestamp.from(at.truncatedTo(ChronoUnit.MICROS));
		return java.util.Objects.requireNonNull(this.transactions.execute((status) -> {
			int updated = this.jdbc.sql("UPDATE orders SET status = 'FILLED', updated_at = ? WHERE id = ? AND status = 'WORKING'")
				.params(time, ticket.id())
				.update();
			if (updated == 0) {
				throw new IllegalStateException("order " + ticket.id() + " is not working: a fill cannot be booked twice");
			}
			this.jdbc.sql("""
					INSERT INTO fills (id, order_id, bot_id, symbol, side, quantity, price, simulated, venue, mode,
					    data_source, trace_id, filled_at)
					VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
				.params(Ids.newId(), ticket.id(), ticket.botId(), ticket.symbol(), ticket.side(), ticket.quantity(), price,
						simulated, venue, ticket.mode(), ticket.dataSource(), ticket.traceId(), time)
				.update();
			return ticket.entry() ? open(ticket, price, time) : close(ticket, price, time, pointValue);
		}));
	}

	private Booked open(OrderTicket ticket, BigDecimal price, Timestamp time) {
		this.jdbc.sql("""
				INSERT INTO trade_log (id, bot_id, symbol, direction, quantity, status, entry_order_id, entry_time,
				    entry_price, mode, data_source, trace_id)
				VALUES (?, ?, ?, ?, ?, 'OPEN', ?, ?, ?, ?, ?, ?)""")
			.params(ticket.tradeLogId(), ticket.botId(), ticket.symbol(), ticket.buy() ? "LONG" : "SHORT",
					ticket.quantity(), ticket.id(), time, price, ticket.mode(), ticket.dataSource(), ticket.traceId())
			.update();
		BigDecimal quantity = ticket.buy() ? ticket.quantity() : ticket.quantity().negate();
		this.jdbc.sql("""
				INSERT INTO positions (bot_id, symbol, quantity, average_price, realized_pnl, mode, data_source, updated_at)
				VALUES (?, ?, ?, ?, 0, ?, ?, ?)
				ON CONFLICT (bot_id, symbol) DO UPDATE SET quantity = excluded.quantity,
				    average_price = excluded.average_price, mode = excluded.mode, data_source = excluded.data_source,
				    updated_at = excluded.updated_at""")
			.params(ticket.botId(), ticket.symbol(), quantity, price, ticket.mode(), ticket.dataSource(), time)
			.update();
		return new Booked(new Position(ticket.symbol(), quantity, price, ticket.tradeLogId()), BigDecimal.ZERO);
	}

	private Booked close(OrderTicket ticket, BigDecimal price, Timestamp time, BigDecimal pointValue) {
		BigDecimal pnl = this.jdbc.sql("""
				UPDATE trade_log SET status = 'CLOSED', exit_order_id = :order, exit_time = :time, exit_price = :price,
				    realized_pnl = (:price - entry_price) * quantity * :pointValue
				        * CASE direction WHEN 'LONG' THEN 1 ELSE -1 END
				WHERE id = :trade AND status = 'OPEN'
				RETURNING realized_pnl""")
			.param("order", ticket.id())
			.param("time", time)
			.param("price", price)
			.param("pointValue", pointValue)
			.param("trade", ticket.tradeLogId())
			.query(BigDecimal.class)
			.optional()
			.orElseThrow(() -> new IllegalStateException("no open trade " + ticket.tradeLogId() + " to close"));
		this.jdbc.sql("""
				UPDATE positions SET quantity = 0, average_price = 0, realized_pnl = realized_pnl + ?, updated_at = ?
				WHERE bot_id = ? AND symbol = ?""")
			.params(pnl, time, ticket.botId(), ticket.symbol())
			.update();
		return new Booked(Position.flat(ticket.symbol()), pnl);
	}

	/** The bot's position in {@code symbol}, as booked (flat when never traded). */
	public Position position(UUID bot, String symbol) {
		return this.jdbc.sql("""
				SELECT p.quantity, p.average_price,
				    (SELECT t.id FROM trade_log t WHERE t.bot_id = p.bot_id AND t.symbol = p.symbol AND t.status = 'OPEN')
				        AS open_trade
				FROM positions p WHERE p.bot_id = ? AND p.symbol = ?""")
			.params(bot, symbol)
			.query((rs, i) -> new Position(symbol, rs.getBigDecimal("quantity"), rs.getBigDecimal("average_price"),
					rs.getObject("open_trade", UUID.class)))
			.optional()
			.orElse(Position.flat(symbol));
	}

	/** Realised P&L of the bot's trades closed since {@code since}, in money. */
	public BigDecimal realizedSince(UUID bot, Instant since) {
		return this.jdbc.sql("""
				SELECT coalesce(sum(realized_pnl), 0) FROM trade_log
				WHERE bot_id = ? AND status = 'CLOSED' AND exit_time >= ?""")
			.params(bot, Timestamp.from(since))
			.query(BigDecimal.class)
			.single();
	}

	/**
	 * @param position after the fill
	 * @param realizedPnl of the trade the fill closed, zero for an entry
	 */
	public record Booked(Position position, BigDecimal realizedPnl) {
	}

}
