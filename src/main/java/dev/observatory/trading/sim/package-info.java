/** Simulated market data: everything here is labelled {@code sim}. */
@NullMarked
package dev.observatory.trading.sim;

import org.jspecify.annotations.NullMarked;
