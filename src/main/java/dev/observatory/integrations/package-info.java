/**
 * The outside services Observatory connects to: the catalog (code, not rows), whether each is
 * configured, and, as they land, a client per provider in its own sub-package, Verify, and status.
 */
@NullMarked
package dev.observatory.integrations;

import org.jspecify.annotations.NullMarked;
