package org.tl4j.core.train;

import com.google.auto.service.AutoService;
import com.typesafe.config.Config;
import java.util.EnumSet;
import java.util.Set;
import org.tl4j.api.graph.Graph;
import org.tl4j.core.data.ImagePipeline;
import org.tl4j.spi.Capability;

/**
 * Base and head in the loop on images, with the freezer's trainable base layers. Their BatchNorm layers stay in
 * inference mode unless {@code tl4j.trainer.batchnorm = train} (batch statistics, for training from scratch). Each
 * epoch decodes every training image again, so augmentation is fresh per epoch.
 */
@AutoService(Trainer.class)
public final class FineTuneTrainer implements Trainer {
    public static final String ID = "fine-tune";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String description() {
        return "base and head trained together on images; the freezer picks the trainable base layers";
    }

    @Override
    public Set<Capability> requiredCapabilities(Config trainerOptions) {
        return EnumSet.of(Capability.INFERENCE, Capability.TRAIN_HEAD, Capability.TRAIN_BACKBONE);
    }

    @Override
    public TrainingResult train(TrainingContext ctx) {
        Phases.checkMonitor(ctx);
        ModelParts m = ctx.model();
        Checkpoints.Checkpoint resume = Phases.latestCheckpoint(ctx);
        EpochLoop loop = EpochLoop.resuming(ctx, resume);
        Graph featureGraph = m.featureGraph(ctx.classes());
        Graph headGraph = m.headGraph(ctx.classes());
        Set<String> baseTrainable = m.freezer().trainableLayers(m.base(), m.backbone().layerGroups(m.spec()),
                m.freezerOptions());
        long start = System.nanoTime();
        try (ImagePipeline pipeline = Phases.pipeline(ctx)) {
            FineTuning.Result r = FineTuning.run(ctx, pipeline, loop, Phases.initialHead(ctx, headGraph),
                    baseTrainable, ctx.settings().optimizer(), ctx.settings().epochs(), 0, resume);
            Predictions validation = FineTuning.validate(ctx, pipeline, featureGraph, headGraph, r.weights());
            return new TrainingResult(featureGraph, headGraph, r.weights(), loop.history(), r.outcome().bestEpoch(),
                    r.outcome().reason(), r.outcome().message(), validation, ctx.cache().stats(),
                    (System.nanoTime() - start) / 1e9);
        }
    }
}
