/** The supabase client of the integrations module (PROVIDERS.md). */
@NullMarked
package dev.observatory.integrations.supabase;

import org.jspecify.annotations.NullMarked;
