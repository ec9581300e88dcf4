package org.tl4j.core.freezers;

import com.google.auto.service.AutoService;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigValueType;
import java.util.List;
import java.util.Set;
import org.tl4j.api.TlConfigException;
import org.tl4j.api.config.Suggest;
import org.tl4j.api.graph.Graph;
import org.tl4j.api.graph.Node;
import org.tl4j.spi.Freezer;
import org.tl4j.spi.LayerGroup;

/**
 * Layers from a given one onwards train, like the Keras tutorial's {@code fine_tune_at}: {@code layer} is a Keras
 * layer name or an index into {@code model.layers} (the input layer is index 0).
 */
@AutoService(Freezer.class)
public final class FromLayerFreezer implements Freezer {
    public static final String ID = "from-layer";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String description() {
        return "train base layers from `layer` (a Keras name or index) onwards";
    }

    @Override
    public Set<String> trainableLayers(Graph base, List<LayerGroup> groups, Config options) {
        if (!options.hasPath("layer")) {
            throw new TlConfigException("tl4j.freezer.layer is required by the from-layer freezer: a layer name such "
                    + "as `" + base.nodes().get(base.nodes().size() / 2).name() + "` or an index from 0 to "
                    + (base.nodes().size() - 1));
        }
        return Freezers.weightedFrom(base, resolve(base, options.getValue("layer").valueType() == ConfigValueType.NUMBER
                ? String.valueOf(options.getInt("layer")) : options.getString("layer"), "tl4j.freezer.layer"));
    }

    /** The layer index named by {@code spec}: a layer name or an integer index. */
    public static int resolve(Graph base, String spec, String key) {
        int n = base.nodes().size();
        if (spec.matches("-?\\d+")) {
            int idx = Integer.parseInt(spec);
            if (idx < 0 || idx >= n) {
                throw new TlConfigException(key + " = " + idx + " is out of range; graph '" + base.name() + "' has "
                        + n + " layers (0 to " + (n - 1) + ")");
            }
            return idx;
        }
        if (!base.contains(spec)) {
            List<String> names = base.nodes().stream().map(Node::name).toList();
            throw new TlConfigException(key + " = `" + spec + "` is not a layer of '" + base.name() + "'"
                    + Suggest.didYouMean(spec, names) + " (see `tl describe " + base.name() + "`)");
        }
        return base.indexOf(spec);
    }
}
