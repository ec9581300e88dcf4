/**
 * The djl engine: ONNX models run in ONNX Runtime through DJL (device, threads, batching), a graph split between an
 * ONNX Runtime base and a JVM head, and the compiled model. The only package that touches DJL and ONNX Runtime.
 */
package org.tl4j.backend.djl.engine;
