/**
 * The safe-start checks (DESIGN.md §5), each a {@link dev.observatory.bots.SafeStartCheck} bean the
 * bots module's gate asks before every start and every restart.
 */
@NullMarked
package dev.observatory.autonomy.safestart;

import org.jspecify.annotations.NullMarked;
