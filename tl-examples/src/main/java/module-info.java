/**
 * tl4j's examples: the seed workflow (Keras's transfer-learning tutorial) written on the tl4j API. The backbones and
 * backends it uses are found at run time; the module needs only the API.
 */
module org.tl4j.examples {
    requires org.tl4j.core;
    requires jdk.httpserver;

    exports org.tl4j.examples;
}
