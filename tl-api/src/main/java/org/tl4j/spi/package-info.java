/**
 * The service provider interfaces: {@link org.tl4j.spi.Backbone}, {@link org.tl4j.spi.Head},
 * {@link org.tl4j.spi.Freezer} and {@link org.tl4j.spi.Backend} (with its engine and compiled models), all
 * {@link org.tl4j.spi.Provider}s with a stable id used in config. Implementations are found with
 * {@link java.util.ServiceLoader}: register them with a module-info {@code provides} and a
 * {@code META-INF/services} file (e.g. through {@code @AutoService}). See docs/PLUGINS.md.
 */
package org.tl4j.spi;
