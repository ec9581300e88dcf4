package org.tl4j.core.train;

import com.google.auto.service.AutoService;
import com.typesafe.config.Config;
import java.util.Set;
import org.tl4j.api.weights.Weights;
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
        return FineTuning.requiredCapabilities();
    }

    @Override
    public TrainingResult train(TrainingContext ctx) {
        Phases.checkMonitor(ctx);
        ModelParts m = ctx.model();
        Checkpoints.Checkpoint resume = Phases.latestCheckpoint(ctx);
        EpochLoop loop = EpochLoop.resuming(ctx, resume);
        Set<String> baseTrainable = m.freezer().trainableLayers(m.base(), m.backbone().layerGroups(m.spec()),
                m.freezerOptions());
        long start = System.nanoTime();
        try (ImagePipeline pipeline = Phases.pipeline(ctx)) {
            Weights head = Phases.initialHead(ctx, m.headGraph(ctx.classes()));
            FineTuning.Result r = FineTuning.run(ctx, pipeline, loop, head, baseTrainable, ctx.settings().optimizer(),
                    ctx.settings().epochs(), 0, resume);
            return FineTuning.result(ctx, pipeline, loop, r, () -> (System.nanoTime() - start) / 1e9);
        }
    }
}
