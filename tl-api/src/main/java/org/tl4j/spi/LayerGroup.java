package org.tl4j.spi;

import org.apiguardian.api.API;

/**
 * A named run of consecutive backbone layers for partial unfreezing, e.g. {@code block_13} or {@code conv5}: from
 * {@code firstLayer} up to (not including) the next group's first layer.
 */
@API(status = API.Status.STABLE, since = "0.1")
public record LayerGroup(String name, String firstLayer) {
}
