/**
 * Every error a client can meet, as an RFC 9457 problem with {@code error_code} and
 * {@code trace_id}: the codes, the exception features throw, and the handlers that render them.
 */
@NullMarked
package dev.observatory.common.error;

import org.jspecify.annotations.NullMarked;
