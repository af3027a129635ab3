/**
 * Market data: each bot's routed feed (primary provider, fallback, missing), the provider sources
 * behind it (Databento's live gateway, Polygon's REST last trade), and the DBN decoder.
 */
@NullMarked
package dev.observatory.trading.marketdata;

import org.jspecify.annotations.NullMarked;
