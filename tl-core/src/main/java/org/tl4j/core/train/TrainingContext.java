package org.tl4j.core.train;

import org.tl4j.core.data.BadImageLog;
import org.tl4j.core.data.DatasetSplit;
import org.tl4j.core.data.FeatureCache;
import org.tl4j.core.registry.Registry;
import org.tl4j.spi.BackendEngine;

/**
 * Everything a {@link org.tl4j.core.train.Trainer} needs for one run; assembled by {@link org.tl4j.core.run.TransferLearning}
 * (or by hand, for embedding and tests).
 *
 * @param model        backbone, weights, head and freezer
 * @param data         training and validation images
 * @param dataSettings how images are read and batched
 * @param settings     epochs, optimizer, schedule, early stopping, seed
 * @param engine       the opened backend engine
 * @param cache        where base features are kept
 * @param badImages    where bad images are reported
 * @param checkpoints  where checkpoints go and resumption reads them; null for none
 * @param listener     progress
 * @param registry     the providers, for a trainer that needs one besides the plan's (two-phase's from-layer freezer)
 */
public record TrainingContext(ModelParts model, DatasetSplit data, DataSettings dataSettings,
        TrainingSettings settings, BackendEngine engine, FeatureCache cache, BadImageLog badImages,
        Checkpoints checkpoints, TrainingListener listener, Registry registry) {

    /** The number of classes. */
    public int classes() {
        return data.train().labels().size();
    }
}
