/**
 * The runner host: claims PENDING runner instances across replicas, runs each bot on a virtual
 * thread, heartbeats for them in one statement per host, and hands its bots over on shutdown.
 */
@NullMarked
package dev.observatory.runtime;

import org.jspecify.annotations.NullMarked;
