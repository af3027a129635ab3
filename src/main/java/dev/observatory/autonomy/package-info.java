/**
 * The loops that keep the fleet running without a person watching (DESIGN.md §5): the timeout
 * worker, the supervisor with its per-bot restart breaker, the safe-start checks, and the scheduler
 * status read from the loops' recorded ticks.
 */
@NullMarked
package dev.observatory.autonomy;

import org.jspecify.annotations.NullMarked;
