/** The discord client of the integrations module (PROVIDERS.md). */
@NullMarked
package dev.observatory.integrations.discord;

import org.jspecify.annotations.NullMarked;
