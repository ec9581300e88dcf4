/**
 * The {@code djl} backend ({@link org.tl4j.backend.djl.DjlBackend}) and the {@code onnx} backbone
 * ({@link org.tl4j.backend.djl.OnnxBackbone}), the two providers of this module. Both are cheap to construct: DJL and
 * ONNX Runtime are loaded only when an engine is opened or an ONNX file is probed. The work lives in internal
 * packages: {@code onnx} (layer graph → ONNX model), {@code head} (the JVM head trainer) and {@code engine} (ONNX
 * Runtime through DJL). No type of this module belongs in tl-api's SPIs.
 */
package org.tl4j.backend.djl;
