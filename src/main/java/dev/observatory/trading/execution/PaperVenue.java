package dev.observatory.trading.execution;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

import dev.observatory.trading.Instrument;
import dev.observatory.trading.MarketTick;

/**
 * The paper venue of one run: a market order is filled by the next market update after it was
 * placed — never the update the decision saw — at that price moved against the order by the
 * configured slippage. Fills are labelled simulated; the prices are whatever the bot's feed is
 * (SIM prices for SIM bots, real data for PAPER bots).
 */
public final class PaperVenue {

	public static final String KEY = "paper";

	private final ExecutionLedger ledger;

	private final Instrument instrument;

	private final BigDecimal slippage;

	private final List<OrderTicket> working = new ArrayList<>();

	public PaperVenue(ExecutionLedger ledger, Instrument instrument, int slippageTicks) {
		this.ledger = ledger;
		this.instrument = instrument;
		this.slippage = instrument.tickSize().multiply(BigDecimal.valueOf(slippageTicks));
	}

	public void place(OrderTicket ticket) {
		this.ledger.placed(ticket, KEY, null);
		this.working.add(ticket);
	}

	/** Fills what is working against {@code tick}; returns the fills booked, oldest order first. */
	public List<Filled> onTick(MarketTick tick) {
		if (this.working.isEmpty()) {
			return List.of();
		}
		List<Filled> filled = new ArrayList<>();
		for (OrderTicket ticket : List.copyOf(this.working)) {
			if (!tick.time().isAfter(ticket.at())) {
				continue;
			}
			BigDecimal price = ticket.buy() ? tick.price().add(this.slippage) : tick.price().subtract(this.slippage);
			ExecutionLedger.Booked booked = this.ledger.filled(ticket, price, tick.time(), true, KEY,
					this.instrument.pointValue());
			this.working.remove(ticket);
			filled.add(new Filled(ticket, price, booked));
		}
		return filled;
	}

	public boolean hasWorking() {
		return !this.working.isEmpty();
	}

	public record Filled(OrderTicket ticket, BigDecimal price, ExecutionLedger.Booked booked) {
	}

}
