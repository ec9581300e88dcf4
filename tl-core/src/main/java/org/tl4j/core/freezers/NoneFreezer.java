package org.tl4j.core.freezers;

import com.google.auto.service.AutoService;
import com.typesafe.config.Config;
import java.util.List;
import java.util.Set;
import org.tl4j.api.graph.Graph;
import org.tl4j.spi.Freezer;
import org.tl4j.spi.LayerGroup;

/** Everything trains (BatchNorm still uses its moving statistics). */
@AutoService(Freezer.class)
public final class NoneFreezer implements Freezer {
    public static final String ID = "none";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String description() {
        return "train every base layer (BatchNorm keeps its moving statistics unless trainer.batchnorm = train)";
    }

    @Override
    public Set<String> trainableLayers(Graph base, List<LayerGroup> groups, Config options) {
        return Freezers.weightedFrom(base, 0);
    }
}
