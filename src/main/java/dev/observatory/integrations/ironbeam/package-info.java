/** The ironbeam client of the integrations module (PROVIDERS.md). */
@NullMarked
package dev.observatory.integrations.ironbeam;

import org.jspecify.annotations.NullMarked;
