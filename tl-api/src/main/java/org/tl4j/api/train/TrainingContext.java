package org.tl4j.api.train;

/** Everything a {@link org.tl4j.spi.Trainer} needs for one run (completed by the training pipeline). */
public interface TrainingContext {
}
