/** The polygon client of the integrations module (PROVIDERS.md). */
@NullMarked
package dev.observatory.integrations.polygon;

import org.jspecify.annotations.NullMarked;
