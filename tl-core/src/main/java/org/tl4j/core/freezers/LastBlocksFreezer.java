package org.tl4j.core.freezers;

import com.google.auto.service.AutoService;
import com.typesafe.config.Config;
import java.util.List;
import java.util.Set;
import org.tl4j.api.TlConfigException;
import org.tl4j.api.graph.Graph;
import org.tl4j.spi.Freezer;
import org.tl4j.spi.LayerGroup;

/** The last {@code blocks} layer groups of the backbone train (e.g. ResNet50 {@code conv5}, MobileNetV2 {@code top}). */
@AutoService(Freezer.class)
public final class LastBlocksFreezer implements Freezer {
    public static final String ID = "last-blocks";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String description() {
        return "train the last `blocks` layer groups of the backbone";
    }

    @Override
    public Set<String> trainableLayers(Graph base, List<LayerGroup> groups, Config options) {
        int blocks = options.hasPath("blocks") ? options.getInt("blocks") : 1;
        if (groups.isEmpty()) {
            throw new TlConfigException("the last-blocks freezer needs layer groups, and backbone '" + base.name()
                    + "' declares none; use freezer from-layer instead");
        }
        if (blocks < 1 || blocks > groups.size()) {
            throw new TlConfigException("tl4j.freezer.blocks = " + blocks + " is out of range; backbone '"
                    + base.name() + "' has " + groups.size() + " layer groups ("
                    + String.join(", ", groups.stream().map(LayerGroup::name).toList()) + ")");
        }
        LayerGroup first = groups.get(groups.size() - blocks);
        return Freezers.weightedFrom(base, FromLayerFreezer.resolve(base, first.firstLayer(), "layer group "
                + first.name()));
    }
}
