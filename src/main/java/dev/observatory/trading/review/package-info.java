/** The AI reviewer: an AI provider's approve or veto of each entry signal, failing closed. */
@NullMarked
package dev.observatory.trading.review;

import org.jspecify.annotations.NullMarked;
