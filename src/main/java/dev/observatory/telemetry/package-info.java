/**
 * Proof of use: the one path every outbound provider call takes. Clients are built only through
 * {@link dev.observatory.telemetry.OutboundClients} (an ArchUnit rule holds this), so that the
 * usage-event recording added to that path covers every call without touching the callers.
 */
@NullMarked
package dev.observatory.telemetry;

import org.jspecify.annotations.NullMarked;
