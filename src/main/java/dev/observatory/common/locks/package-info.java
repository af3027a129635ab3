/** Cross-replica locks for scheduled loops. */
@NullMarked
package dev.observatory.common.locks;

import org.jspecify.annotations.NullMarked;
