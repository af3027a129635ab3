/** The e-mail (SMTP) client of the integrations module (PROVIDERS.md §8). */
@NullMarked
package dev.observatory.integrations.smtp;

import org.jspecify.annotations.NullMarked;
