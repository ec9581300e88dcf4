package org.tl4j.backend.tensorflow;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.tl4j.api.graph.Graph;
import org.tl4j.api.tensor.Tensor;
import org.tl4j.api.weights.Initializers;
import org.tl4j.api.weights.Weights;
import org.tl4j.backbones.MobileNetV2Backbone;
import org.tl4j.spi.BackboneSpec;

/** {@link Initializers} (in tl-api; tested here, where the parity fixtures that depend on it live). */
final class InitializersTests {
    private static final Graph MOBILENET = new MobileNetV2Backbone().graph(BackboneSpec.of(32, 32, 0.35));

    @Test
    void kerasDefaultsAreGlorotKernelsAndNeutralBatchNorm() {
        Weights w = Initializers.keras(MOBILENET, 1);
        w.checkFits(MOBILENET, "keras init");
        Tensor k = w.get("Conv1/kernel");
        double limit = Math.sqrt(6.0 / (3 * 3 * 3 + 3 * 3 * 16));
        assertThat(k.maxAbs()).isLessThanOrEqualTo((float) limit).isGreaterThan((float) (0.9 * limit));
        Tensor dw = w.get("expanded_conv_depthwise/depthwise_kernel");
        assertThat(dw.maxAbs()).isLessThanOrEqualTo((float) Math.sqrt(6.0 / (9 * 16 + 9)));
        assertThat(w.get("bn_Conv1/gamma").data()).containsOnly(1f);
        assertThat(w.get("bn_Conv1/beta").data()).containsOnly(0f);
        assertThat(w.get("bn_Conv1/moving_mean").data()).containsOnly(0f);
        assertThat(w.get("bn_Conv1/moving_variance").data()).containsOnly(1f);
    }

    @Test
    void deterministicPerNameAndSeed() {
        assertThat(Initializers.keras(MOBILENET, 1).asMap()).isEqualTo(Initializers.keras(MOBILENET, 1).asMap());
        assertThat(Initializers.keras(MOBILENET, 2).get("Conv1/kernel"))
                .isNotEqualTo(Initializers.keras(MOBILENET, 1).get("Conv1/kernel"));
        float[] u = Initializers.uniform("a/kernel", 1000, 3);
        assertThat(u[17]).isEqualTo(Initializers.uniform("a/kernel", 17L, 3));
        for (float v : u) {
            assertThat(v).isGreaterThanOrEqualTo(-1f).isLessThan(1f);
        }
    }

    @Test
    void parityWeightsFollowTheirDefinition() {
        Weights w = Initializers.parity(MOBILENET, 42);
        float[] u = Initializers.uniform("Conv1/kernel", 3 * 3 * 3 * 16, 42);
        float scale = (float) (Math.sqrt(6) / Math.sqrt(27));
        assertThat(w.get("Conv1/kernel").data()[5]).isEqualTo(u[5] * scale);
        float g = Initializers.uniform("bn_Conv1/gamma", 3L, 42);
        assertThat(w.get("bn_Conv1/gamma").data()[3]).isEqualTo(1f + 0.1f * g);
        for (float v : w.get("bn_Conv1/moving_variance").data()) {
            assertThat(v).isBetween(1f, 1.5f);
        }
    }
}
