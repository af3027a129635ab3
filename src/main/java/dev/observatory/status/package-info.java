/**
 * The one verdict (DESIGN.md §7): OK, DEGRADED or BLOCKED, with the reasons and the fix, computed on
 * the server from what was measured, and enforced on the autonomy-dependent actions.
 */
@NullMarked
package dev.observatory.status;

import org.jspecify.annotations.NullMarked;
