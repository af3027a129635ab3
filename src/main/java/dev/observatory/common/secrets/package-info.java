/**
 * The only code that reads environment variables. Secret values are handed out wrapped in
 * {@link dev.observatory.common.secrets.Secret}, whose {@code toString()} never reveals them, and
 * every secret value is registered with the log-layer masker as a second line of defence.
 */
@NullMarked
package dev.observatory.common.secrets;

import org.jspecify.annotations.NullMarked;
