/** The injected clock and time-ordered ids: code asks these, never the system, so tests can step time. */
@NullMarked
package dev.observatory.common.time;

import org.jspecify.annotations.NullMarked;
