package dev.observatory.trading.execution;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import dev.observatory.trading.Instrument;
import dev.observatory.trading.MarketTick;
import org.jspecify.annotations.Nullable;

/**
 * The paper venue of one run: a market order is filled by the next market update after it was
 * placed — never the update the decision saw — at that price moved against the order by the
 * configured slippage. Fills are labelled simulated; the prices are whatever the bot's feed is
 * (SIM prices for SIM bots, real data for PAPER bots).
 */
public final class PaperVenue implements Venue {

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

	@Override
	public String key() {
		return KEY;
	}

	@Override
	public @Nullable String place(OrderTicket ticket) {
		this.ledger.placed(ticket, KEY, null);
		this.working.add(ticket);
		return null;
	}

	/** Fills what is working against {@code tick}; returns the fills booked, oldest order first. */
	@Override
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

	@Override
	public boolean hasWorking() {
		return !this.working.isEmpty();
	}

	/** A paper order dies with the run that would have filled it. */
	@Override
	public void close(Instant now) {
		for (OrderTicket ticket : this.working) {
			this.ledger.ended(ticket.id(), "CANCELLED", "RUN_ENDED", now);
		}
		this.working.clear();
	}

	public record Filled(OrderTicket ticket, BigDecimal price, ExecutionLedger.Booked booked) {
	}

}
