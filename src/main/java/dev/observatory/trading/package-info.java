/**
 * Trading: instruments, market data (the SIM feed first), strategies; the risk engine and
 * execution land with the trading runtime.
 */
@NullMarked
package dev.observatory.trading;

import org.jspecify.annotations.NullMarked;
