/** The tradovate client of the integrations module (PROVIDERS.md). */
@NullMarked
package dev.observatory.integrations.tradovate;

import org.jspecify.annotations.NullMarked;
