/**
 * Profit variables: the catalog of named inputs strategies read, the one accessor that counts each
 * read, and the per-minute roll-ups that prove which bot read what, from which provider.
 */
@NullMarked
package dev.observatory.variables;

import org.jspecify.annotations.NullMarked;
