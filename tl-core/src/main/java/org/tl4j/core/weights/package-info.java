/**
 * Weight files: the Keras HDF5 reader (legacy files matched by position, as Keras does, and Keras 3
 * {@code .weights.h5}), tl4j's own safetensors format, and the resolver that turns a {@code weights} setting
 * ({@code none}, {@code imagenet}, a path) into a local file, downloading into the cache when allowed.
 *
 * <p>Every failure is a {@link org.tl4j.api.WeightsException} whose message names the file, the layer and the
 * shapes involved, and says how to fix it. A reader returns complete weights or throws; nothing partial is ever
 * returned or left on disk (writes go to a temporary file that is renamed into place).
 */
package org.tl4j.core.weights;
