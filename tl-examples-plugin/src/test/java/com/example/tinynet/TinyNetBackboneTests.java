package com.example.tinynet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.ConfigFactory;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.tl4j.api.TlConfigException;
import org.tl4j.api.graph.Graph;
import org.tl4j.api.graph.Shape;
import org.tl4j.spi.Backbone;
import org.tl4j.spi.BackboneSpec;
import org.tl4j.spi.LayerGroup;

class TinyNetBackboneTests {
    private final TinyNetBackbone tinynet = new TinyNetBackbone();

    private static BackboneSpec spec(int size, Map<String, Object> options) {
        return new BackboneSpec(size, size, 1.0, ConfigFactory.parseMap(options));
    }

    @Test
    void defaultGraphIsThreeVggBlocks() {
        Graph g = tinynet.graph(tinynet.defaultSpec());
        assertThat(g.nodes()).extracting(n -> n.name()).containsExactly("input_layer", "block1_conv1", "block1_pool",
                "block2_conv1", "block2_pool", "block3_conv1", "block3_pool");
        assertThat(g.shape("block3_pool")).isEqualTo(Shape.hwc(4, 4, 64));
        assertThat(g.paramCount()).isEqualTo(448 + 4_640 + 18_496);
    }

    @Test
    void optionsSetWidthAndDepth() {
        Graph g = tinynet.graph(spec(40, Map.of("filters", 8, "blocks", 2)));
        assertThat(g.shape(g.nodes().get(g.nodes().size() - 1).name())).isEqualTo(Shape.hwc(10, 10, 16));
        assertThat(tinynet.layerGroups(spec(40, Map.of("blocks", 2)))).containsExactly(
                new LayerGroup("block1", "block1_conv1"), new LayerGroup("block2", "block2_conv1"));
    }

    @Test
    void badSpecsAreConfigErrors() {
        assertThatThrownBy(() -> tinynet.graph(spec(4, Map.of()))).isInstanceOf(TlConfigException.class)
                .hasMessageContaining("at least 8 pixels");
        assertThatThrownBy(() -> tinynet.graph(spec(32, Map.of("filters", 0)))).isInstanceOf(TlConfigException.class)
                .hasMessageContaining("tl4j.backbone.options.filters = 0");
        assertThatThrownBy(() -> tinynet.graph(spec(32, Map.of("blocks", "many"))))
                .isInstanceOf(TlConfigException.class).hasMessageContaining("tl4j.backbone.options.blocks");
        assertThatThrownBy(() -> tinynet.graph(new BackboneSpec(32, 32, 0.5, ConfigFactory.empty())))
                .isInstanceOf(TlConfigException.class).hasMessageContaining("alpha must be 1.0");
    }

    @Test
    void publishesNoWeightsAndSaysSo() {
        assertThat(tinynet.weightCatalogue(tinynet.defaultSpec())).isEmpty();
        assertThat(tinynet.missingWeightsReason("imagenet", tinynet.defaultSpec())).contains("weights = none");
    }

    @Test
    void isFoundByServiceLoaderOnTheClassPath() {
        assertThat(ServiceLoader.load(Backbone.class).stream().map(ServiceLoader.Provider::type))
                .contains(TinyNetBackbone.class);
    }
}
