/** Strategies: from market ticks to signals, each with the reason it gives. */
@NullMarked
package dev.observatory.trading.strategy;

import org.jspecify.annotations.NullMarked;
