/**
 * Failure drills: parts of the service made to fail on purpose, for a limited time, exactly where a
 * real failure would surface, so operators and acceptance tests can watch the verdict react.
 */
@NullMarked
package dev.observatory.common.drills;

import org.jspecify.annotations.NullMarked;
