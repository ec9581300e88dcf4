package org.tl4j.core.train;

import com.google.auto.service.AutoService;
import com.typesafe.config.Config;
import java.util.EnumSet;
import java.util.Set;
import org.tl4j.api.graph.Graph;
import org.tl4j.api.weights.Weights;
import org.tl4j.core.data.ImagePipeline;
import org.tl4j.spi.Capability;

/**
 * The frozen-base recipe, done once: the base runs once per image (and augmented view) — or not at all when the
 * feature cache has it — and the head trains on the cached features for every epoch.
 */
@AutoService(Trainer.class)
public final class FeatureExtractionTrainer implements Trainer {
    public static final String ID = "feature-extraction";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String description() {
        return "frozen base run once per image, features cached; the head trains on the cache";
    }

    @Override
    public Set<Capability> requiredCapabilities(Config trainerOptions) {
        return EnumSet.of(Capability.INFERENCE, Capability.TRAIN_HEAD);
    }

    @Override
    public TrainingResult train(TrainingContext ctx) {
        Phases.checkMonitor(ctx);
        Checkpoints.Checkpoint resume = Phases.latestCheckpoint(ctx);
        EpochLoop loop = EpochLoop.resuming(ctx, resume);
        try (ImagePipeline pipeline = Phases.pipeline(ctx)) {
            HeadTraining.Result r = HeadTraining.run(ctx, pipeline, loop, ctx.settings().epochs(), resume);
            Graph featureGraph = ctx.model().featureGraph(ctx.classes());
            Graph headGraph = ctx.model().headGraph(ctx.classes());
            Weights all = ctx.model().baseWeights().with(r.headWeights());
            Predictions validation = HeadTraining.validate(ctx, featureGraph, headGraph, all, r.features());
            return new TrainingResult(featureGraph, headGraph, all, loop.history(), r.outcome().bestEpoch(),
                    r.outcome().reason(), r.outcome().message(), validation, ctx.cache().stats(), r.seconds());
        }
    }
}
