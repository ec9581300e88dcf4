/** The tl4j API: SPIs, the layer-graph IR, tensors and weights, config, registry, data pipeline and training. */
module org.tl4j.api {
    requires transitive typesafe.config;
    requires io.jhdf;
    requires org.slf4j;
    requires java.desktop;
    requires java.net.http;
    requires static com.google.auto.service;
    requires com.twelvemonkeys.imageio.jpeg;

    exports org.tl4j.api;
    exports org.tl4j.api.graph;
    exports org.tl4j.api.tensor;
    exports org.tl4j.api.weights;
    exports org.tl4j.api.json;
    exports org.tl4j.api.train;
    exports org.tl4j.api.data;
    exports org.tl4j.api.run;
    exports org.tl4j.spi;
    exports org.tl4j.api.config;
    exports org.tl4j.api.registry;
    exports org.tl4j.api.internal to org.tl4j.cli, org.tl4j.backend.tensorflow, org.tl4j.backend.djl;

    uses org.tl4j.spi.Backbone;
    uses org.tl4j.spi.Head;
    uses org.tl4j.spi.Freezer;
    uses org.tl4j.spi.Trainer;
    uses org.tl4j.spi.Backend;

    provides org.tl4j.spi.Head with org.tl4j.api.heads.LinearHead, org.tl4j.api.heads.MlpHead;
    provides org.tl4j.spi.Freezer with org.tl4j.api.freezers.AllFreezer, org.tl4j.api.freezers.NoneFreezer,
            org.tl4j.api.freezers.FromLayerFreezer, org.tl4j.api.freezers.LastBlocksFreezer;
    provides org.tl4j.spi.Trainer with org.tl4j.api.train.FeatureExtractionTrainer,
            org.tl4j.api.train.FineTuneTrainer, org.tl4j.api.train.TwoPhaseTrainer;
}
