/** The openai client of the integrations module (PROVIDERS.md). */
@NullMarked
package dev.observatory.integrations.openai;

import org.jspecify.annotations.NullMarked;
