/**
 * Weights as the contract knows them: the {@link org.tl4j.api.weights.Weights} map ({@code layer/slot} →
 * {@link org.tl4j.api.tensor.Tensor}, checked against a graph) and {@link org.tl4j.api.weights.Initializers} (Keras's
 * initialisers for weights that do not come from a file). Reading and writing weight files, downloads and the
 * resolver live in the runtime, {@code org.tl4j.core.weights}.
 *
 * <p>Every failure is a {@link org.tl4j.api.WeightsException} whose message names the layer and the shapes involved.
 */
package org.tl4j.api.weights;
