package dev.observatory.trading;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;

/**
 * A futures contract as the SIM feed and the strategies need it: its symbol, its real tick size and
 * its exchange's trading hours.
 *
 * @param symbol the root symbol ({@code MES})
 * @param tickSize the smallest price step
 * @param referencePrice where a simulation starts (an order of magnitude, not a quote)
 * @param sessions when it trades
 */
public record Instrument(String symbol, BigDecimal tickSize, BigDecimal referencePrice, Sessions sessions) {

	/** The price rounded to the nearest tick. */
	public BigDecimal roundToTick(BigDecimal price) {
		return price.divide(this.tickSize, 0, RoundingMode.HALF_EVEN).multiply(this.tickSize);
	}

	/**
	 * CME Globex hours: Sunday {@code open} to Friday {@code close} in the exchange's zone, with a
	 * daily break from {@code close} to {@code open} (16:00–17:00 Chicago for the equity, energy
	 * and metal futures here). Exchange holidays are not modelled.
	 */
	public record Sessions(ZoneId zone, LocalTime open, LocalTime close) {

		public static final Sessions CME_GLOBEX = new Sessions(ZoneId.of("America/Chicago"), LocalTime.of(17, 0),
				LocalTime.of(16, 0));

		public boolean isOpen(Instant instant) {
			ZonedDateTime local = instant.atZone(this.zone);
			DayOfWeek day = local.getDayOfWeek();
			LocalTime time = local.toLocalTime();
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
