/** Pages of the Observatory UI (server-rendered; the server decides what is enabled). */
@NullMarked
package dev.observatory.web;

import org.jspecify.annotations.NullMarked;
