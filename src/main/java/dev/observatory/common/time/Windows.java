package dev.observatory.common.time;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.observatory.common.error.ApiException;
import dev.observatory.common.error.CommonErrorCode;

/** The {@code window} query parameter of the reporting endpoints: {@code 15m}, {@code 24h}, {@code 7d}. */
public final class Windows {

	private static final Pattern WINDOW = Pattern.compile("(\\d{1,4})([mhd])");

	private Windows() {
	}

	/**
	 * @param max the longest window that has data (the retention)
	 * @throws ApiException a 400 {@code INVALID_PARAMETER} for anything else
	 */
	public static Duration parse(String window, Duration max) {
		Matcher matcher = WINDOW.matcher(window);
		if (!matcher.matches()) {
			throw new ApiException(CommonErrorCode.INVALID_PARAMETER, "Parameter 'window' must look like 15m, 24h or 7d");
		}
		long amount = Long.parseLong(matcher.group(1));
		Duration duration = switch (matcher.group(2)) {
			case "m" -> Duration.ofMinutes(amount);
			case "h" -> Duration.ofHours(amount);
			default -> Duration.ofDays(amount);
		};
		if (duration.isZero() || duration.compareTo(max) > 0) {
			throw new ApiException(CommonErrorCode.INVALID_PARAMETER,
					"Parameter 'window' must be between 1m and the " + max.toDays() + "-day retention");
		}
		return duration;
	}

}
