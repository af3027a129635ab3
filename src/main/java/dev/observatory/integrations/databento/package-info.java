/** The databento client of the integrations module (PROVIDERS.md). */
@NullMarked
package dev.observatory.integrations.databento;

import org.jspecify.annotations.NullMarked;
