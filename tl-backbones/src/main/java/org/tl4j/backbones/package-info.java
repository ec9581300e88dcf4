/**
 * The built-in backbones: Keras {@code VGG16}, {@code ResNet50} and {@code MobileNetV2} ({@code include_top=False}),
 * each described as a {@link org.tl4j.api.graph.Graph} with Keras layer names, Keras {@code model.layers} order and
 * Keras numerics, plus its ImageNet weight catalogue and its layer groups for partial unfreezing; and {@code pixels},
 * the raw-pixel baseline that {@code tl train --baseline} compares a run with.
 *
 * <p>Classes here only describe networks; they never run them and must not import TensorFlow, DJL or any other
 * engine. They are registered twice, with {@code @AutoService} for the class path and {@code provides} in
 * {@code module-info} for the module path. The reference for every detail is {@code keras-backbones.md}.
 */
package org.tl4j.backbones;
