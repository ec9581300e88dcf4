package org.tl4j.core.train;

import com.google.auto.service.AutoService;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import org.tl4j.api.graph.Graph;
import org.tl4j.api.weights.Weights;
import org.tl4j.core.data.ImagePipeline;
import org.tl4j.core.freezers.FromLayerFreezer;
import org.tl4j.spi.Capability;

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
        return EnumSet.of(Capability.INFERENCE, Capability.TRAIN_HEAD, Capability.TRAIN_BACKBONE);
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
            FineTuning.Result second = FineTuning.run(ctx, pipeline, loop, head, secondPhaseTrainable(m, s),
                    s.fineTune().optimizer(), s.fineTune().epochs(), offset, inSecondPhase ? resume : null);
            Predictions validation = FineTuning.validate(ctx, pipeline, featureGraph, headGraph, second.weights());
            return new TrainingResult(featureGraph, headGraph, second.weights(), loop.history(),
                    second.outcome().bestEpoch(), second.outcome().reason(), second.outcome().message(), validation,
                    ctx.cache().stats(), featureSeconds);
        }
    }

    private static Set<String> secondPhaseTrainable(ModelParts m, TrainingSettings s) {
        if (s.fineTune().fromLayer() == null) {
            return m.freezer().trainableLayers(m.base(), m.backbone().layerGroups(m.spec()), m.freezerOptions());
        }
        return new FromLayerFreezer().trainableLayers(m.base(), m.backbone().layerGroups(m.spec()),
                ConfigFactory.parseMap(Map.of("layer", s.fineTune().fromLayer())));
    }
}
