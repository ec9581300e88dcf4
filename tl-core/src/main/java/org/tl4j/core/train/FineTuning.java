package org.tl4j.core.train;

import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.function.DoubleSupplier;
import org.tl4j.api.graph.Graph;
import org.tl4j.api.weights.Weights;
import org.tl4j.core.data.ImagePipeline;
import org.tl4j.spi.Capability;
import org.tl4j.spi.CompiledModel;
import org.tl4j.spi.OptimizerSpec;

/**
 * The fine-tuning phase: base and head in the loop, on images, with a trainable set of base layers; their BatchNorm
 * layers run as {@code tl4j.trainer.batchnorm} says ({@link TrainingSettings#compileOptions()}).
 */
final class FineTuning {
    private FineTuning() {
    }

    /** The whole model's final weights and how the loop ended. */
    record Result(Weights weights, EpochLoop.Outcome outcome) {
    }

    /** What a trainer that fine-tunes base layers needs of the backend. */
    static Set<Capability> requiredCapabilities() {
        return EnumSet.of(Capability.INFERENCE, Capability.TRAIN_HEAD, Capability.TRAIN_BACKBONE);
    }

    static Result run(TrainingContext ctx, ImagePipeline pipeline, EpochLoop loop, Weights headWeights,
            Set<String> baseTrainable, OptimizerSpec opt, int epochs, int offset, Checkpoints.Checkpoint resume) {
        ModelParts m = ctx.model();
        Graph full = m.fullGraph(ctx.classes());
        Weights weights = m.baseWeights().with(headWeights);
        if (resume != null) {
            weights = weights.with(resume.weights());
        }
        Set<String> trainable = new LinkedHashSet<>(baseTrainable);
        Set<String> baseLayers = EpochLoop.layers(m.base());
        full.nodes().stream().map(n -> n.name()).filter(n -> !baseLayers.contains(n)).forEach(trainable::add);
        EpochLoop.Outcome outcome;
        try (CompiledModel model = ctx.engine().compile(full, weights, trainable, opt,
                ctx.settings().compileOptions())) {
            outcome = loop.run(new Phases.FineTunePhase(ctx, model, trainable, pipeline, epochs), offset,
                    opt.learningRate(), resume);
        }
        return new Result(weights.with(outcome.weights()), outcome);
    }

    /**
     * The trainer's result after a last fine-tuning phase: the model validated on the images.
     *
     * @param featureSeconds the seconds the run reports as spent on features, asked once validation is done
     */
    static TrainingResult result(TrainingContext ctx, ImagePipeline pipeline, EpochLoop loop, Result r,
            DoubleSupplier featureSeconds) {
        Graph featureGraph = ctx.model().featureGraph(ctx.classes());
        Graph headGraph = ctx.model().headGraph(ctx.classes());
        Predictions validation = validate(ctx, pipeline, featureGraph, headGraph, r.weights());
        return new TrainingResult(featureGraph, headGraph, r.weights(), loop.history(), r.outcome().bestEpoch(),
                r.outcome().reason(), r.outcome().message(), validation, ctx.cache().stats(),
                featureSeconds.getAsDouble());
    }

    /** The final model's predictions on the validation images, computed as {@link InferenceModel} computes them. */
    static Predictions validate(TrainingContext ctx, ImagePipeline pipeline, Graph featureGraph, Graph headGraph,
            Weights all) {
        if (ctx.data().validation().size() == 0) {
            return new Predictions(java.util.List.of(), org.tl4j.api.tensor.Tensor.zeros(0, ctx.classes()));
        }
        try (InferenceModel model = InferenceModel.compile(ctx.engine(), featureGraph, headGraph, all)) {
            return model.predict(pipeline, ctx.data().validation().entries(), ctx.dataSettings().batchSize(),
                    ctx.listener());
        }
    }

    /** The head layers' weights within the whole model's. */
    static Weights headPart(Weights all, Graph headGraph) {
        return all.forLayers(EpochLoop.layers(headGraph));
    }
}
