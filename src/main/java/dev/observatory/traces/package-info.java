/**
 * "Why it traded" (decision traces) and "why it did not" (no-trade traces): one writer each, used by
 * the runtime, the autonomy loops and external bot runtimes, and the API that reads them.
 */
@NullMarked
package dev.observatory.traces;

import org.jspecify.annotations.NullMarked;
