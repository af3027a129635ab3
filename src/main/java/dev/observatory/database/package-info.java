/**
 * Observatory's own database: the embedded PostgreSQL under {@code ./data/pg} by default, or the
 * server named by {@code DATABASE_URL}; the data directory; the pool; and a bounded, fail-closed
 * wait for the database at startup.
 */
@NullMarked
package dev.observatory.database;

import org.jspecify.annotations.NullMarked;
