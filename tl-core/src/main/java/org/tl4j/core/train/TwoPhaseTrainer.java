package org.tl4j.core.train;

import com.google.auto.service.AutoService;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.util.Map;
import java.util.Set;
import org.tl4j.api.graph.Graph;
import org.tl4j.api.weights.Weights;
import org.tl4j.core.data.ImagePipeline;
import org.tl4j.core.freezers.FromLayerFreezer;
import org.tl4j.spi.Capability;
import org.tl4j.spi.Freezer;

/**
 * The Keras tutorial's recipe: feature extraction for {@code trainer.epochs} epochs, then fine-tuning from
 * {@code trainer.fine-tune.from-layer} (or the configured freezer's layers) for {@code trainer.fine-tune.epochs} epochs
 * with its own optimizer, usually at a much lower learning rate. Epochs are numbered across both phases.
 */
@AutoService(Trainer.class)
public final class TwoPhaseTrainer implements Trainer {
    public static final String ID = "two-phase";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String description() {
        return "feature extraction, then fine-tuning the top of the base at a lower learning rate (Keras tutorial)";
    }

    @Override
    public Set<Capability> requiredCapabilities(Config trainerOptions) {
        return FineTuning.requiredCapabilities();
    }

    @Override
    public TrainingResult train(TrainingContext ctx) {
        Phases.checkMonitor(ctx);
        ModelParts m = ctx.model();
        TrainingSettings s = ctx.settings();
        Checkpoints.Checkpoint resume = Phases.latestCheckpoint(ctx);
        boolean inSecondPhase = resume != null && resume.state().phase().equals(Phases.FINE_TUNE);
        EpochLoop loop = EpochLoop.resuming(ctx, resume);
        Graph featureGraph = m.featureGraph(ctx.classes());
        Graph headGraph = m.headGraph(ctx.classes());
        Set<String> secondPhaseTrainable = secondPhaseTrainable(ctx);
        try (ImagePipeline pipeline = Phases.pipeline(ctx)) {
            Weights head = Phases.initialHead(ctx, headGraph);
            double featureSeconds = 0;
            if (!inSecondPhase) {
                HeadTraining.Result first = HeadTraining.run(ctx, pipeline, loop, s.epochs(), resume);
                head = first.headWeights();
                featureSeconds = first.seconds();
                if (first.outcome().reason() == TrainingResult.StopReason.NON_FINITE_LOSS) {
                    Weights all = m.baseWeights().with(head);
                    return new TrainingResult(featureGraph, headGraph, all, loop.history(),
                            first.outcome().bestEpoch(), first.outcome().reason(), first.outcome().message(),
                            HeadTraining.validate(ctx, featureGraph, headGraph, all, first.features()),
                            ctx.cache().stats(), featureSeconds);
                }
            }
            int offset = loop.history().stream().filter(e -> e.phase().equals(Phases.FEATURE_EXTRACTION))
                    .mapToInt(EpochMetrics::epoch).max().orElse(0);
            FineTuning.Result second = FineTuning.run(ctx, pipeline, loop, head, secondPhaseTrainable,
                    s.fineTune().optimizer(), s.fineTune().epochs(), offset, inSecondPhase ? resume : null);
            double seconds = featureSeconds;
            return FineTuning.result(ctx, pipeline, loop, second, () -> seconds);
        }
    }

    /** The base layers of the second phase: from {@code fine-tune.from-layer}, or the configured freezer's. */
    private static Set<String> secondPhaseTrainable(TrainingContext ctx) {
        ModelParts m = ctx.model();
        String fromLayer = ctx.settings().fineTune().fromLayer();
        if (fromLayer == null) {
            return m.freezer().trainableLayers(m.base(), m.backbone().layerGroups(m.spec()), m.freezerOptions());
        }
        Freezer freezer = ctx.registry().get(Freezer.class, FromLayerFreezer.ID);
        return freezer.trainableLayers(m.base(), m.backbone().layerGroups(m.spec()),
                ConfigFactory.parseMap(Map.of("layer", fromLayer)));
    }
}
