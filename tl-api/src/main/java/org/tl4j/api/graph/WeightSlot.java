package org.tl4j.api.graph;

import org.apiguardian.api.API;

/**
 * One named weight array of a layer, e.g. {@code kernel} with shape {@code 3×3×3×32}. The full weight name is
 * {@code layer/slot}, as Keras prints it.
 */
@API(status = API.Status.STABLE, since = "0.1")
public record WeightSlot(String name, Shape shape) {
}
