/**
 * An example third-party tl4j plugin: the {@code tinynet} backbone. It requires only tl4j's API, exports nothing and
 * is found by {@link java.util.ServiceLoader}: through {@code provides} below when its jar is a module in a plugin
 * layer ({@code ./tl --plugins DIR}), through the {@code META-INF/services} file that {@code @AutoService} writes when
 * it is on a class path.
 */
module com.example.tinynet {
    requires org.tl4j.api;
    requires static com.google.auto.service;

    provides org.tl4j.spi.Backbone with com.example.tinynet.TinyNetBackbone;
}
