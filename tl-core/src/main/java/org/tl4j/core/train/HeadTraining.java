package org.tl4j.core.train;

import java.util.Set;
import org.tl4j.api.graph.Graph;
import org.tl4j.api.internal.Trace;
import org.tl4j.api.weights.Weights;
import org.tl4j.core.data.ImagePipeline;
import org.tl4j.spi.CompiledModel;
import org.tl4j.spi.OptimizerSpec;

/** The feature-extraction phase: features once (or from the cache), then the head on them for every epoch. */
final class HeadTraining {
    private HeadTraining() {
    }

    /**
     * What the phase produced.
     *
     * @param headWeights the head's final weights
     * @param outcome     how the loop ended
     * @param features    the features used (for the final validation)
     * @param seconds     time spent on features
     * @param computed    image views run through the base
     */
    record Result(Weights headWeights, EpochLoop.Outcome outcome, FeatureSet features, double seconds, long computed) {
    }

    static Result run(TrainingContext ctx, ImagePipeline pipeline, EpochLoop loop, int epochs,
            Checkpoints.Checkpoint resume) {
        ModelParts m = ctx.model();
        int k = ctx.classes();
        Graph featureGraph = m.featureGraph(k);
        Graph headGraph = m.headGraph(k);
        FeatureSet features;
        FeatureExtractor extractor;
        try (FeatureExtractor e = FeatureExtractor.compiling(
                () -> ctx.engine().compile(featureGraph, m.baseWeights(), Set.of(), null),
                m.featureSpace(k, ctx.dataSettings().crop(), ctx.dataSettings().decoder()), ctx.cache(), pipeline, ctx.dataSettings().batchSize(),
                ctx.listener())) {
            extractor = e;
            features = FeatureSet.compute(ctx, extractor);
        }
        Trace.mark("features done");
        Weights init = Phases.initialHead(ctx, headGraph);
        if (resume != null) {
            init = init.with(resume.weights());
        }
        OptimizerSpec opt = ctx.settings().optimizer();
        Set<String> trainable = EpochLoop.layers(headGraph);
        EpochLoop.Outcome outcome;
        try (CompiledModel head = ctx.engine().compile(headGraph, init, trainable, opt)) {
            Trace.mark("head compiled");
            outcome = loop.run(new Phases.HeadPhase(ctx, head, trainable, features, epochs), 0, opt.learningRate(),
                    resume);
        }
        Trace.mark("head trained");
        return new Result(init.with(outcome.weights()), outcome, features, extractor.seconds(), extractor.computed());
    }

    /** The final head's predictions on the cached validation features. */
    static Predictions validate(TrainingContext ctx, Graph featureGraph, Graph headGraph, Weights all,
            FeatureSet features) {
        if (features.valRows().isEmpty()) {
            return new Predictions(java.util.List.of(), org.tl4j.api.tensor.Tensor.zeros(0, ctx.classes()));
        }
        try (CompiledModel head = ctx.engine().compile(headGraph, all.forLayers(EpochLoop.layers(headGraph)),
                Set.of(), null)) {
            return new Predictions(features.valEntries(), Phases.predict(head, features.valRows(),
                    ctx.dataSettings().batchSize()));
        }
    }
}
