/**
 * The autonomy score: each bot scored 0–100 from its measured history, explained component by
 * component, placed in a tier, and the tier enforced (docs/autonomy-score.md).
 */
@NullMarked
package dev.observatory.scoring;

import org.jspecify.annotations.NullMarked;
