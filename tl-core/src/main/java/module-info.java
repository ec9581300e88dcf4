/**
 * The tl4j runtime: the provider registry (it declares the {@code uses}), weight file I/O, the image data pipeline,
 * the feature cache, the trainers, run outputs and the report, and {@code org.tl4j.core.predict.Classifier} for
 * services. Built on the contract in {@code org.tl4j.api}.
 */
module org.tl4j.core {
    requires transitive org.tl4j.api;
    requires com.google.gson;
    requires io.jhdf;
    // jhdf is an automatic module: it declares no dependencies, so on the module path nothing would resolve the two
    // explicit modules it loads classes from (docs/ARCHITECTURE.md, "Module path").
    requires org.apache.commons.lang3;
    requires com.ning.compress.lzf;
    requires org.slf4j;
    requires java.desktop;
    requires java.net.http;
    requires static com.google.auto.service;
    requires static org.apiguardian.api;
    requires com.twelvemonkeys.imageio.jpeg;

    exports org.tl4j.core.data;
    exports org.tl4j.core.graph;
    exports org.tl4j.core.json;
    exports org.tl4j.core.predict;
    exports org.tl4j.core.registry;
    exports org.tl4j.core.run;
    exports org.tl4j.core.train;
    exports org.tl4j.core.weights;

    uses org.tl4j.spi.Backbone;
    uses org.tl4j.spi.Head;
    uses org.tl4j.spi.Freezer;
    uses org.tl4j.core.train.Trainer;
    uses org.tl4j.spi.Backend;

    provides org.tl4j.spi.Head with org.tl4j.core.heads.LinearHead, org.tl4j.core.heads.MlpHead;
    provides org.tl4j.spi.Freezer with org.tl4j.core.freezers.AllFreezer, org.tl4j.core.freezers.NoneFreezer,
            org.tl4j.core.freezers.FromLayerFreezer, org.tl4j.core.freezers.LastBlocksFreezer;
    provides org.tl4j.core.train.Trainer with org.tl4j.core.train.FeatureExtractionTrainer,
            org.tl4j.core.train.FineTuneTrainer, org.tl4j.core.train.TwoPhaseTrainer;
}
