package org.tl4j.spi;

import com.typesafe.config.Config;
import java.util.List;
import java.util.Set;
import org.apiguardian.api.API;
import org.tl4j.api.graph.Graph;

/**
 * Chooses which backbone layers train. The head always trains. BatchNorm layers of the base run in inference mode
 * whether or not they are trainable (Keras {@code training=False}).
 */
@API(status = API.Status.STABLE, since = "0.1")
public interface Freezer extends Provider {

    /**
     * The names of the base layers whose weights are trainable.
     *
     * @param options the {@code tl4j.freezer} config subtree
     */
    Set<String> trainableLayers(Graph base, List<LayerGroup> groups, Config options);
}
