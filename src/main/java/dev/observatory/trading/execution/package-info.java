/** Execution: venues (paper now; the brokers next), and the ledger of orders, fills, positions and trades. */
@NullMarked
package dev.observatory.trading.execution;

import org.jspecify.annotations.NullMarked;
