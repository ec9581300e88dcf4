package org.tl4j.core.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tl4j.api.TlConfigException;
import org.tl4j.api.config.RunConfig;
import org.tl4j.core.train.Evaluation;

class BaselineTests {
    @TempDir
    Path dir;

    private RunConfig load(String body) throws IOException {
        Path conf = dir.resolve("run.conf");
        Files.writeString(conf, "tl4j {\n" + body + "\n}\n");
        return RunConfig.load(conf, List.of(), new Properties(), getClass().getClassLoader());
    }

    /** Everything but the backbone stays: data, split, seed, head, epochs, optimizer, backend. */
    @Test
    void theBaselineIsTheSameRunOnPixelsAtTheSameSizeWithAFrozenBase() throws IOException {
        RunConfig main = load("""
                seed = 5
                backbone { id = mobilenet_v2, alpha = 0.35, input-size = [96, 64], weights = "base.safetensors", options { x = 1 } }
                head { id = linear, dropout = 0.3 }
                freezer { id = none }
                trainer { id = two-phase, epochs = 7, optimizer { id = sgd, learning-rate = 0.01 } }
                backend { id = djl }
                data { train = a, validation-split = 0.3, batch-size = 16 }
                """);
        RunConfig pixels = Baseline.config(main);
        assertThat(pixels.backbone().id()).isEqualTo("pixels");
        assertThat(pixels.backbone().weights()).isEqualTo("none");
        assertThat(pixels.backbone().alpha()).isEqualTo(1.0);
        assertThat(List.of(pixels.backbone().height(), pixels.backbone().width())).containsExactly(96, 64);
        assertThat(pixels.freezer().id()).isEqualTo("all");
        assertThat(pixels.trainer().id()).isEqualTo("feature-extraction");
        assertThat(pixels.seed()).isEqualTo(5);
        assertThat(pixels.head()).isEqualTo(main.head());
        assertThat(pixels.data()).isEqualTo(main.data());
        assertThat(pixels.backend().id()).isEqualTo("djl");
        assertThat(pixels.trainer().epochs()).isEqualTo(7);
        assertThat(pixels.trainer().optimizer()).isEqualTo(main.trainer().optimizer());
        // the main backbone's options are not the pixels backbone's (which takes none)
        assertThat(pixels.backbone().spec().options().root()).isEmpty();
    }

    @Test
    void aRunWithoutValidationImagesHasNothingToCompare() throws IOException {
        RunConfig main = load("data { train = a, validation-split = 0 }");
        assertThatThrownBy(() -> Baseline.config(main)).isInstanceOf(TlConfigException.class)
                .hasMessageContaining("--baseline").hasMessageContaining("tl4j.data.validation-split");
    }

    @Test
    void theLiftIsInPercentagePointsWithItsSign() {
        assertThat(Baseline.liftText(accuracy(0.875), accuracy(0.4))).isEqualTo("+47.5 points");
        assertThat(Baseline.liftText(accuracy(0.82), accuracy(0.875))).isEqualTo("-5.5 points");
        assertThat(Baseline.liftPoints(accuracy(0.6), accuracy(0.25))).isEqualTo(35.0, org.assertj.core.api.Assertions
                .within(1e-9));
    }

    private static Evaluation accuracy(double a) {
        return new Evaluation(200, 0.5, a, 1, a, new int[][] {{1}}, List.of(), a);
    }
}
