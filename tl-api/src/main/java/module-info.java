/** The tl4j API: SPIs, the layer-graph IR, tensors and weights, config, registry, data pipeline and training. */
module org.tl4j.api {
    requires transitive typesafe.config;
    requires io.jhdf;
    requires org.slf4j;
    requires static com.google.auto.service;

    exports org.tl4j.api;
    exports org.tl4j.api.graph;
    exports org.tl4j.api.tensor;
    exports org.tl4j.api.weights;
    exports org.tl4j.api.train;
    exports org.tl4j.spi;

    uses org.tl4j.spi.Backbone;
    uses org.tl4j.spi.Head;
    uses org.tl4j.spi.Freezer;
    uses org.tl4j.spi.Trainer;
    uses org.tl4j.spi.Backend;
}
