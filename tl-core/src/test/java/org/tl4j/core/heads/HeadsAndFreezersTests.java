package org.tl4j.core.heads;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.ConfigFactory;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.tl4j.api.TlConfigException;
import org.tl4j.api.graph.ActivationFn;
import org.tl4j.api.graph.BatchNorm;
import org.tl4j.api.graph.Conv2D;
import org.tl4j.api.graph.Dense;
import org.tl4j.api.graph.Graph;
import org.tl4j.api.graph.Input;
import org.tl4j.api.graph.Node;
import org.tl4j.api.graph.Padding;
import org.tl4j.api.graph.Shape;
import org.tl4j.core.freezers.AllFreezer;
import org.tl4j.core.freezers.FromLayerFreezer;
import org.tl4j.core.freezers.LastBlocksFreezer;
import org.tl4j.core.freezers.NoneFreezer;
import org.tl4j.spi.LayerGroup;

class HeadsAndFreezersTests {
    private static final Graph BASE = Graph.of("base", List.of(new Input("input_layer", Shape.hwc(8, 8, 3)),
            Conv2D.of("c1", "input_layer", 4, 3, 1, Padding.SAME, false, ActivationFn.LINEAR),
            new BatchNorm("bn1", "c1", 1e-3, 0.99),
            Conv2D.of("c2", "bn1", 4, 3, 2, Padding.SAME, true, ActivationFn.RELU),
            Conv2D.of("c3", "c2", 8, 1, 1, Padding.SAME, true, ActivationFn.RELU)));
    private static final List<LayerGroup> GROUPS = List.of(new LayerGroup("stem", "c1"), new LayerGroup("b1", "c2"),
            new LayerGroup("b2", "c3"));

    @Test
    void linearHeadIsTheSeedHead() {
        Graph h = new LinearHead().build(Shape.hwc(5, 5, 1280), 5, ConfigFactory.parseMap(Map.of("dropout", 0.2)));
        assertThat(h.nodes()).extracting(Node::kerasClass)
                .containsExactly("InputLayer", "GlobalAveragePooling2D", "Dropout", "Dense");
        assertThat(h.outputShape()).isEqualTo(Shape.of(5));
        assertThat(((Dense) h.node("dense")).activation()).isEqualTo(ActivationFn.SOFTMAX);
        assertThat(h.paramCount()).isEqualTo(1280 * 5 + 5);
        Graph noDropout = new LinearHead().build(Shape.of(64), 2, ConfigFactory.parseMap(Map.of("dropout", 0)));
        assertThat(noDropout.nodes()).extracting(Node::kerasClass).containsExactly("InputLayer", "Dense");
    }

    @Test
    void mlpHeadHasHiddenLayers() {
        Graph h = new MlpHead().build(Shape.hwc(2, 2, 16), 3,
                ConfigFactory.parseString("hidden = [32, 8], dropout = 0.5"));
        assertThat(h.nodes()).extracting(Node::name).containsExactly("features", "global_average_pooling2d",
                "dense", "dropout", "dense_1", "dropout_1", "predictions");
        assertThat(h.paramCount()).isEqualTo(16 * 32 + 32 + 32 * 8 + 8 + 8 * 3 + 3);
    }

    @Test
    void allAndNoneFreezers() {
        assertThat(new AllFreezer().trainableLayers(BASE, GROUPS, ConfigFactory.empty())).isEmpty();
        assertThat(new NoneFreezer().trainableLayers(BASE, GROUPS, ConfigFactory.empty()))
                .containsExactly("c1", "bn1", "c2", "c3");
    }

    @Test
    void fromLayerByNameOrIndex() {
        FromLayerFreezer f = new FromLayerFreezer();
        assertThat(f.trainableLayers(BASE, GROUPS, ConfigFactory.parseString("layer = c2")))
                .containsExactly("c2", "c3");
        assertThat(f.trainableLayers(BASE, GROUPS, ConfigFactory.parseString("layer = 2")))
                .containsExactly("bn1", "c2", "c3");
        assertThatThrownBy(() -> f.trainableLayers(BASE, GROUPS, ConfigFactory.parseString("layer = c22")))
                .isInstanceOf(TlConfigException.class).hasMessageContaining("did you mean `c2`?");
        assertThatThrownBy(() -> f.trainableLayers(BASE, GROUPS, ConfigFactory.parseString("layer = 9")))
                .hasMessageContaining("out of range; graph 'base' has 5 layers (0 to 4)");
        assertThatThrownBy(() -> f.trainableLayers(BASE, GROUPS, ConfigFactory.empty()))
                .hasMessageContaining("tl4j.freezer.layer is required");
    }

    @Test
    void lastBlocksUsesLayerGroups() {
        LastBlocksFreezer f = new LastBlocksFreezer();
        assertThat(f.trainableLayers(BASE, GROUPS, ConfigFactory.parseString("blocks = 1"))).containsExactly("c3");
        assertThat(f.trainableLayers(BASE, GROUPS, ConfigFactory.parseString("blocks = 2")))
                .containsExactly("c2", "c3");
        assertThatThrownBy(() -> f.trainableLayers(BASE, GROUPS, ConfigFactory.parseString("blocks = 4")))
                .hasMessageContaining("has 3 layer groups (stem, b1, b2)");
        assertThatThrownBy(() -> f.trainableLayers(BASE, List.of(), ConfigFactory.empty()))
                .hasMessageContaining("declares none");
    }
}
