/**
 * Layer graph → ONNX: tl4j's graph IR written as an ONNX {@code ModelProto} (opset 13, NCHW inside, TF "same" padding
 * as explicit pads, BatchNorm folded into convolutions), third-party ONNX networks merged in, and the single-file
 * export with preprocessing. Pure Java on the generated ONNX protobuf classes; no ONNX Runtime or DJL type here.
 */
package org.tl4j.backend.djl.onnx;
