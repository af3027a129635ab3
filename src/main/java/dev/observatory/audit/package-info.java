/** Who did what, when, with which outcome and trace id: one writer for every mutating action. */
@NullMarked
package dev.observatory.audit;

import org.jspecify.annotations.NullMarked;
