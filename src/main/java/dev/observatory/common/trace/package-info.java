/** W3C trace ids on every request, response, log line and background pass. */
@NullMarked
package dev.observatory.common.trace;

import org.jspecify.annotations.NullMarked;
