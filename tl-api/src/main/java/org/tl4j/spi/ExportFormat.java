package org.tl4j.spi;

/** Formats a trained model can be exported to. */
public enum ExportFormat {
    /** A TensorFlow SavedModel folder with a serving signature (needs {@link Capability#EXPORT_SAVEDMODEL}). */
    SAVEDMODEL,
    /** One ONNX file (needs {@link Capability#EXPORT_ONNX}). */
    ONNX
}
