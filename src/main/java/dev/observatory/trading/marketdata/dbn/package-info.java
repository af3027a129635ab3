/**
 * A decoder of Databento's DBN binary encoding (versions 2 and 3, plain or zstd-compressed): the
 * metadata header and the records the market-data router reads — OHLCV bars, trades, top of book,
 * instrument definitions, trading status, statistics, and the gateway's error and system messages.
 * Layouts follow the public {@code databento/dbn} repository ({@code rust/dbn/src/record.rs},
 * {@code metadata.rs}); prices are fixed-point integers in units of 1e-9, times nanoseconds since
 * the UNIX epoch.
 */
@NullMarked
package dev.observatory.trading.marketdata.dbn;

import org.jspecify.annotations.NullMarked;
