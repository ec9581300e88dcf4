/**
 * The TensorFlow Java backend: {@link org.tl4j.backend.tensorflow.TensorFlowBackend} is the cheap provider; the
 * engine, the graph compiler, the Keras optimizers and the SavedModel exporter live here too and are package-private.
 *
 * <p>Only {@code TensorFlowBackend} may be touched before {@code open()}: it must not load a TensorFlow class, so
 * that {@code tl list} stays fast and a missing native library becomes one clear {@link org.tl4j.api.BackendException}.
 * Nothing outside this package may see a TensorFlow type.
 */
package org.tl4j.backend.tensorflow;
