/**
 * The TensorFlow backend of tl4j (id {@code tensorflow}): compiles the layer-graph IR to a TensorFlow Java graph for
 * inference, head training, fine-tuning and SavedModel export. It exports nothing; tl4j finds it through
 * {@link org.tl4j.spi.Backend}.
 */
module org.tl4j.backend.tensorflow {
    requires org.tl4j.api;
    requires tensorflow;
    // the native libraries (CPU or GPU build: both jars carry this automatic-module name)
    requires tensorflow.nativelib.linux.x86_64;
    requires org.slf4j;
    // two native calls that quiet TensorFlow's C++ logging before and after its library loads (NativeLogging)
    requires com.sun.jna;
    requires static com.google.auto.service;

    provides org.tl4j.spi.Backend with org.tl4j.backend.tensorflow.TensorFlowBackend;
}
