package dev.observatory.trading;

import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * A bot's own narrowing of its session, in exchange time (e.g. 09:30–11:00 New York). An end before
 * the start wraps past midnight. The window applies every day; the exchange's calendar (or
 * {@code session_mode=ALWAYS}) decides the days.
 */
public record TradingWindow(LocalTime start, LocalTime end, ZoneId zone) {

	public TradingWindow {
		if (start.equals(end)) {
			throw new IllegalArgumentException("a trading window needs an end different from its start");
		}
	}

	public boolean contains(Instant instant) {
		LocalTime time = instant.atZone(this.zone).toLocalTime();
		return this.start.isBefore(this.end) ? !time.isBefore(this.start) && time.isBefore(this.end)
				: !time.isBefore(this.start) || time.isBefore(this.end);
	}

	/** The stored form: {@code {"start":"09:30","end":"11:00","zone":"America/New_York"}}. */
	public Map<String, Object> toMap() {
		Map<String, Object> map = new LinkedHashMap<>();
		map.put("start", this.start.toString());
		map.put("end", this.end.toString());
		map.put("zone", this.zone.getId());
		return map;
	}

	/** The stored form read back; null for a bot without a window. */
	public static @Nullable TradingWindow fromMap(@Nullable Map<?, ?> map) {
		if (map == null) {
			return null;
		}
		return new TradingWindow(LocalTime.parse(String.valueOf(map.get("start"))),
				LocalTime.parse(String.valueOf(map.get("end"))), ZoneId.of(String.valueOf(map.get("zone"))));
	}

	@Override
	public String toString() {
		return this.start + "–" + this.end + " " + this.zone.getId();
	}

}
