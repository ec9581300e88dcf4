package org.tl4j.core.freezers;

import com.google.auto.service.AutoService;
import com.typesafe.config.Config;
import java.util.List;
import java.util.Set;
import org.tl4j.api.graph.Graph;
import org.tl4j.spi.Freezer;
import org.tl4j.spi.LayerGroup;

/** The seed setting: the whole base is frozen ({@code base.trainable = False}); only the head trains. */
@AutoService(Freezer.class)
public final class AllFreezer implements Freezer {
    public static final String ID = "all";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String description() {
        return "freeze the whole base; only the head trains";
    }

    @Override
    public Set<String> trainableLayers(Graph base, List<LayerGroup> groups, Config options) {
        return Set.of();
    }
}
