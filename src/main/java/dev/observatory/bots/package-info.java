/**
 * The bot fleet: accounts, bots, runner instances and jobs, and the state machines that are the
 * only way their states change.
 */
@NullMarked
package dev.observatory.bots;

import org.jspecify.annotations.NullMarked;
