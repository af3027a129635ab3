/** Keyset pagination: the opaque cursor the APIs hand out and take back. */
@NullMarked
package dev.observatory.common.paging;

import org.jspecify.annotations.NullMarked;
