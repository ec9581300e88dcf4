/**
 * Predicting from Java, for services: {@link org.tl4j.core.predict.Classifier} loads a model bundle once and
 * answers {@link org.tl4j.core.predict.Prediction}s for images from any thread. Nothing here writes to the console
 * or keeps state outside a {@code Classifier}; folders of files at batch throughput are {@code tl predict}'s job
 * ({@link org.tl4j.core.run.Predictor}).
 */
package org.tl4j.core.predict;
