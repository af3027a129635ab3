/**
 * The small kernel every module may use: error codes and problem details, trace ids, the clock and
 * ids, and the only gateway to environment variables (secrets). Nothing else belongs here.
 */
@NullMarked
package dev.observatory.common;

import org.jspecify.annotations.NullMarked;
