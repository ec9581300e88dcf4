/**
 * The root of tl4j's contract: its exceptions ({@link org.tl4j.api.TlException} and one subclass per kind of
 * failure, each with a message that names the problem and its origin) and {@link org.tl4j.api.Tl4j}, the version.
 *
 * <p>The contract is this module, {@code org.tl4j.api}: {@link org.tl4j.spi the SPIs}, {@link org.tl4j.api.graph
 * the layer-graph IR}, {@link org.tl4j.api.tensor tensors}, {@link org.tl4j.api.weights weights} and
 * {@link org.tl4j.api.config config records}. Types are marked with their stability ({@code @API}); see
 * docs/PLUGINS.md for what a plugin may rely on.
 */
package org.tl4j.api;
