package org.tl4j.spi;

import org.apiguardian.api.API;

/** What a backend can do; a run checks the capabilities it needs before any work starts. */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public enum Capability {
    /** Runs graphs forward (features, predictions). */
    INFERENCE,
    /** Trains a head (dense layers) with the optimizers of {@link OptimizerSpec}. */
    TRAIN_HEAD,
    /** Trains unfrozen backbone layers (fine-tuning). */
    TRAIN_BACKBONE,
    /** Trains unfrozen BatchNorm layers on batch statistics ({@link BatchNormMode#TRAIN}). */
    TRAIN_BATCHNORM,
    /** Can run on a GPU. */
    GPU,
    /** Runs {@link org.tl4j.api.graph.External} ONNX sub-networks. */
    EXTERNAL_ONNX,
    /** Exports a TensorFlow SavedModel. */
    EXPORT_SAVEDMODEL,
    /** Exports a single ONNX file. */
    EXPORT_ONNX
}
