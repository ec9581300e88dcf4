package org.tl4j.core.run;

import java.util.List;
import org.tl4j.core.data.BadImage;
import org.tl4j.core.train.Evaluation;
import org.tl4j.core.train.TrainingResult;

/**
 * What {@link TransferLearning#train()} produced.
 *
 * @param runDirectory the run folder
 * @param result       the trainer's result
 * @param evaluation   the final model on the validation images (null without validation images)
 * @param badImages    images left out
 * @param warnings     other notices (empty classes, ignored files…)
 * @param seconds      wall time of the whole run
 * @param baseline     the raw-pixel baseline trained beside it ({@link Baseline}), or null when none was asked for
 */
public record RunSummary(RunDirectory runDirectory, TrainingResult result, Evaluation evaluation,
        List<BadImage> badImages, List<String> warnings, double seconds, RunSummary baseline) {
}
