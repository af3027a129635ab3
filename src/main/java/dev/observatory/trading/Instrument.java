package dev.observatory.trading;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;

/**
 * An instrument as the feeds, strategies, risk engine and venues need it: its real tick size, what
 * one point is worth, and its exchange's trading hours.
 *
 * @param symbol the root symbol ({@code MES}) or ticker ({@code SPY})
 * @param assetClass a futures contract or an equity/ETF
 * @param tickSize the smallest price step
 * @param pointValue the money one whole point of price moves per contract or share (ES: 50 USD)
 * @param referencePrice where a simulation starts (an order of magnitude, not a quote)
 * @param sessions when it trades
 */
public record Instrument(String symbol, AssetClass assetClass, BigDecimal tickSize, BigDecimal pointValue,
		BigDecimal referencePrice, Sessions sessions) {

	/** The price rounded to the nearest tick. */
	public BigDecimal roundToTick(BigDecimal price) {
		return price.divide(this.tickSize, 0, RoundingMode.HALF_EVEN).multiply(this.tickSize);
	}

	public enum AssetClass {

		FUTURE, EQUITY

	}

	/**
	 * Exchange hours in the exchange's zone. {@code overnight} sessions (CME Globex) run from Sunday
	 * {@code open} to Friday {@code close} with a daily break from {@code close} to {@code open}
	 * (16:00–17:00 Chicago for the futures here); day sessions (US equities' regular hours) run
	 * {@code open} to {@code close}, Monday to Friday. Exchange holidays are not modelled: a holiday
	 * is a day with no data, which the staleness rules catch.
	 */
	public record Sessions(ZoneId zone, LocalTime open, LocalTime close, boolean overnight) {

		public static final Sessions CME_GLOBEX = new Sessions(ZoneId.of("America/Chicago"), LocalTime.of(17, 0),
				LocalTime.of(16, 0), true);

		public static final Sessions US_EQUITIES = new Sessions(ZoneId.of("America/New_York"), LocalTime.of(9, 30),
				LocalTime.of(16, 0), false);

		public boolean isOpen(Instant instant) {
			ZonedDateTime local = instant.atZone(this.zone);
			DayOfWeek day = local.getDayOfWeek();
			LocalTime time = local.toLocalTime();
			if (!this.overnight) {
				return day != DayOfWeek.SATURDAY && day != DayOfWeek.SUNDAY && !time.isBefore(this.open)
						&& time.isBefore(this.close);
			}
			boolean inBreak = !time.isBefore(this.close) && time.isBefore(this.open);
			return switch (day) {
				case SATURDAY -> false;
				case SUNDAY -> !time.isBefore(this.open);
				case FRIDAY -> time.isBefore(this.close);
				default -> !inBreak;
			};
		}

	}

}
