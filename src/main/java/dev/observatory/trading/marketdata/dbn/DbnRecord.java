package dev.observatory.trading.marketdata.dbn;

import java.math.BigDecimal;

import org.jspecify.annotations.Nullable;

/**
 * One DBN record. Every record starts with the same header: its publisher, its instrument and the
 * event time (ns since the epoch). Prices are fixed-point, 1e-9 units: {@link #price(long)} turns one
 * into a decimal.
 */
public sealed interface DbnRecord {

	/** The undefined price: i64::MAX. */
	long UNDEF_PRICE = Long.MAX_VALUE;

	int rtype();

	int publisherId();

	long instrumentId();

	long tsEvent();

	/** A fixed-point price (1e-9 units) as a decimal, or null for the undefined price. */
	static @Nullable BigDecimal price(long fixed) {
		return (fixed == UNDEF_PRICE) ? null : BigDecimal.valueOf(fixed, 9).stripTrailingZeros();
	}

	/** An OHLCV bar (rtype 0x20 1s, 0x21 1m, 0x22 1h, 0x23 1d). */
	record Ohlcv(int rtype, int publisherId, long instrumentId, long tsEvent, long open, long high, long low, long close,
			long volume) implements DbnRecord {
	}

	/** A trade (MBP-0, rtype 0x00). {@code action} and {@code side} are ASCII characters. */
	record Trade(int rtype, int publisherId, long instrumentId, long tsEvent, long price, long size, char action,
			char side, int flags, int depth, long tsRecv, int tsInDelta, long sequence) implements DbnRecord {
	}

	/** Top of book with the event that changed it (MBP-1, rtype 0x01). */
	record Mbp1(int rtype, int publisherId, long instrumentId, long tsEvent, long price, long size, char action,
			char side, int flags, int depth, long tsRecv, int tsInDelta, long sequence, long bidPx, long askPx, long bidSz,
			long askSz, long bidCt, long askCt) implements DbnRecord {
	}

	/** A trading-status change (rtype 0x12); the booleans are {@code 'Y'}, {@code 'N'} or {@code '~'} (unknown). */
	record Status(int rtype, int publisherId, long instrumentId, long tsEvent, long tsRecv, int action, int reason,
			int tradingEvent, char isTrading, char isQuoting, char isShortSellRestricted) implements DbnRecord {
	}

	/** A statistic (rtype 0x18); {@code quantity} is {@link Long#MAX_VALUE} when undefined (v2's i32::MAX widened). */
	record Statistics(int rtype, int publisherId, long instrumentId, long tsEvent, long tsRecv, long tsRef, long price,
			long quantity, long sequence, int tsInDelta, int statType, int channelId, int updateAction, int statFlags)
			implements DbnRecord {
	}

	/** An instrument definition (rtype 0x13): the fields the runtime uses. */
	record InstrumentDefinition(int rtype, int publisherId, long instrumentId, long tsEvent, long tsRecv,
			long minPriceIncrement, long displayFactor, long expiration, long activation, long strikePrice,
			long rawInstrumentId, int minLotSizeRoundLot, String currency, String rawSymbol, String group, String exchange,
			String asset, String cfi, String securityType, char instrumentClass, char securityUpdateAction)
			implements DbnRecord {
	}

	/** An error from the gateway (rtype 0x15). */
	record Error(int rtype, int publisherId, long instrumentId, long tsEvent, String text, int code, boolean isLast)
			implements DbnRecord {
	}

	/** A system message, e.g. a heartbeat (rtype 0x17). */
	record SystemMessage(int rtype, int publisherId, long instrumentId, long tsEvent, String text, int code)
			implements DbnRecord {
	}

	/** A record of a type this decoder does not read: skipped whole, kept visible. */
	record Other(int rtype, int publisherId, long instrumentId, long tsEvent, int length) implements DbnRecord {
	}

}
