package dev.observatory.common.paging;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;

import dev.observatory.common.error.ApiException;
import dev.observatory.common.error.CommonErrorCode;
import org.jspecify.annotations.Nullable;

/**
 * A position in a list ordered newest first by {@code (at, id)}: the next page holds the rows
 * strictly before it. Opaque to clients (URL-safe Base64 of {@code at|id}).
 *
 * @param at the last row's time
 * @param id the last row's id
 */
public record Cursor(Instant at, UUID id) {

	/** Before everything: the first page. */
	public static final Cursor START = new Cursor(Instant.parse("9999-12-31T00:00:00Z"), new UUID(-1L, -1L));

	/** @throws ApiException {@code INVALID_PARAMETER} (400) for a cursor this API did not hand out */
	public static Cursor parse(@Nullable String cursor) {
		if (cursor == null) {
			return START;
		}
		try {
			String[] parts = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8).split("\\|");
			return new Cursor(Instant.parse(parts[0]), UUID.fromString(parts[1]));
		}
		catch (RuntimeException ex) {
			throw new ApiException(CommonErrorCode.INVALID_PARAMETER, "cursor is not one this API returned");
		}
	}

	public String encode() {
		return Base64.getUrlEncoder().withoutPadding().encodeToString((this.at + "|" + this.id).getBytes(StandardCharsets.UTF_8));
	}

}
