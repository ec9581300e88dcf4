/**
 * The DJL backend of tl4j (id {@code djl}): compiles the layer-graph IR to ONNX and runs it in ONNX Runtime through
 * DJL, trains dense heads on the JVM, exports single ONNX files; and the {@code onnx} backbone, which wraps any ONNX
 * file. It exports nothing; tl4j finds its providers through {@link org.tl4j.spi.Backend} and
 * {@link org.tl4j.spi.Backbone}.
 *
 * <p>DJL, ONNX Runtime, protobuf and Tribuo's ONNX classes are automatic modules. DJL's commons-compress (a named
 * module needing commons-lang3) is excluded in the pom; see docs/ARCHITECTURE.md, "Module path".
 */
module org.tl4j.backend.djl {
    requires org.tl4j.api;
    requires ai.djl.api;
    requires com.google.gson;
    requires ai.djl.onnxruntime_engine;
    requires com.microsoft.onnxruntime;
    requires org.tribuo.util.onnx;
    requires com.google.protobuf;
    requires org.slf4j;
    requires static com.google.auto.service;

    provides org.tl4j.spi.Backend with org.tl4j.backend.djl.DjlBackend;
    provides org.tl4j.spi.Backbone with org.tl4j.backend.djl.OnnxBackbone;
}
