/**
 * The JVM head trainer: Dense, Dropout and activation layers with softmax cross-entropy and Keras's optimizers on
 * plain float arrays, deterministic for a seed. DJL's ONNX Runtime engine cannot train, so heads train here. No DJL
 * or ONNX type here.
 */
package org.tl4j.backend.djl.head;
