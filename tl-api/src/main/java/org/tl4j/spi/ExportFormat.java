package org.tl4j.spi;

import org.apiguardian.api.API;

/** Formats a trained model can be exported to. */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public enum ExportFormat {
    /** A TensorFlow SavedModel folder with a serving signature (needs {@link Capability#EXPORT_SAVEDMODEL}). */
    SAVEDMODEL,
    /** One ONNX file (needs {@link Capability#EXPORT_ONNX}). */
    ONNX
}
