/** The risk engine: pre-trade checks against each bot's limits, and the checker that keeps them current. */
@NullMarked
package dev.observatory.trading.risk;

import org.jspecify.annotations.NullMarked;
