package org.tl4j.spi;

import java.nio.file.Path;
import java.util.List;
import org.apiguardian.api.API;
import org.tl4j.api.tensor.Tensor;
import org.tl4j.api.weights.Weights;

/**
 * A graph compiled by a backend. Batches are NHWC (or {@code [n, c]} for heads). Forward passes and losses run in
 * inference mode: no dropout, BatchNorm on moving statistics. Training steps use dropout and keep BatchNorm in
 * inference mode, except trainable BatchNorm layers compiled with {@link BatchNormMode#TRAIN}, which normalise with
 * the batch's statistics and update their moving statistics. Not thread-safe.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public interface CompiledModel extends AutoCloseable {

    /** Runs the graph forward and returns its output for each example of the batch. */
    Tensor predict(Tensor batch);

    /**
     * One optimizer step on a batch: sparse categorical cross-entropy on the softmax output (weighted per example
     * when {@code sampleWeights} is not null, averaged over the batch), plus the L2 penalty. Returns the mean loss
     * before the update. Throws a BackendException when compiled without an optimizer.
     */
    float trainStep(Tensor batch, int[] labels, float[] sampleWeights);

    /** Mean loss on a batch without updating anything (inference mode). */
    float loss(Tensor batch, int[] labels);

    /** Current values of every weight of the graph. */
    Weights weights();

    /** The optimizer's internal state (moments, step count) for checkpoints; empty when not training. */
    Weights optimizerState();

    /** Restores state from {@link #optimizerState()}. */
    void loadOptimizerState(Weights state);

    /** Changes the learning rate for the next steps (schedules). */
    void setLearningRate(double learningRate);

    /**
     * Exports this model as a deployable artefact that takes RGB floats in [0, 255], applies {@code preprocessing},
     * and returns class probabilities.
     */
    void export(Path target, ExportFormat format, Preprocessing preprocessing, List<String> labels);

    @Override
    void close();
}
