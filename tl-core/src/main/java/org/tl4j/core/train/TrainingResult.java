package org.tl4j.core.train;

import java.util.List;
import org.tl4j.api.graph.Graph;
import org.tl4j.api.weights.Weights;
import org.tl4j.core.data.FeatureCache;

/**
 * What a training run produced: the trained model (feature graph, head graph and all their weights, with the best
 * epoch's values when early stopping restores them), the history and the final validation.
 *
 * @param featureGraph the base (followed by pooling when the head pools)
 * @param headGraph    the head on the feature graph's output
 * @param weights      every weight of both graphs
 * @param history      one entry per epoch, over all phases
 * @param bestEpoch    the epoch whose weights the model has (1-based; 0 when no epoch completed)
 * @param stopReason   why training ended
 * @param message      a sentence for the user about how it ended
 * @param validation   the final model's predictions on the validation set (empty when there is none)
 * @param cacheStats   feature cache hits, misses and writes
 * @param featureSeconds time spent computing (or loading) base features
 */
public record TrainingResult(Graph featureGraph, Graph headGraph, Weights weights, List<EpochMetrics> history,
        int bestEpoch, StopReason stopReason, String message, Predictions validation, FeatureCache.Stats cacheStats,
        double featureSeconds) {

    /** Why training ended. */
    public enum StopReason {
        /** Every epoch ran. */
        COMPLETED,
        /** The monitored value stopped improving. */
        EARLY_STOPPED,
        /** The loss became NaN or infinite; the model is the last good epoch's. */
        NON_FINITE_LOSS
    }
}
