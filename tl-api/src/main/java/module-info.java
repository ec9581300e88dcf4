/**
 * The tl4j contract: what plugins and backends implement or call — the SPIs, the layer-graph IR, tensors, weight
 * types, config types and exceptions. Its one dependency is Typesafe Config; the runtime lives in {@code org.tl4j.core}.
 */
module org.tl4j.api {
    requires transitive typesafe.config;
    requires static org.apiguardian.api;

    exports org.tl4j.api;
    exports org.tl4j.api.config;
    exports org.tl4j.api.graph;
    exports org.tl4j.api.tensor;
    exports org.tl4j.api.weights;
    exports org.tl4j.spi;
    // backend-support helpers (batch-norm folding, timing trace): tl4j's own modules only, not part of the contract
    exports org.tl4j.api.internal to org.tl4j.core, org.tl4j.cli, org.tl4j.backend.tensorflow, org.tl4j.backend.djl;
}
