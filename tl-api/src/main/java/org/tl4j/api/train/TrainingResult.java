package org.tl4j.api.train;

/** What a training run produced (completed by the training pipeline). */
public interface TrainingResult {
}
