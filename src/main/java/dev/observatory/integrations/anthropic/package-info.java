/** The anthropic client of the integrations module (PROVIDERS.md). */
@NullMarked
package dev.observatory.integrations.anthropic;

import org.jspecify.annotations.NullMarked;
