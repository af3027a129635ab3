/**
 * What every provider client is built from: the recorded HTTP path, failure judgement into
 * diagnostic codes, per-provider circuit breakers and retries.
 */
@NullMarked
package dev.observatory.integrations.client;

import org.jspecify.annotations.NullMarked;
