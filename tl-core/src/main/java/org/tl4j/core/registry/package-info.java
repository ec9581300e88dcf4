/**
 * Finding providers: {@link org.tl4j.core.registry.Registry} loads every {@link org.tl4j.spi.Backbone},
 * {@link org.tl4j.spi.Head}, {@link org.tl4j.spi.Freezer}, {@link org.tl4j.core.train.Trainer} and
 * {@link org.tl4j.spi.Backend} with {@link java.util.ServiceLoader} (this module declares the {@code uses}), from the
 * module or class path and from plugin folders; {@link org.tl4j.core.registry.RunPlan} resolves a run's providers by
 * id and checks the backend's capabilities before any work starts.
 */
package org.tl4j.core.registry;
