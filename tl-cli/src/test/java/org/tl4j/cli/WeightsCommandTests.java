package org.tl4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WeightsCommandTests {
    @TempDir
    Path dir;

    private String[] args(String verb, String... more) {
        String[] base = {"weights", verb, "vgg16", "--set", "backbone.cache-dir=\"" + dir.resolve("tl4j") + "\"",
            "--set", "backbone.keras-cache-dir=\"" + dir.resolve("keras") + "\"", "--set", "backbone.offline=true"};
        String[] all = new String[base.length + more.length];
        System.arraycopy(base, 0, all, 0, base.length);
        System.arraycopy(more, 0, all, base.length, more.length);
        return all;
    }

    @Test
    void whereNamesFileUrlHashAndFolders() {
        CliRun r = CliRun.of(args("where"));
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.out()).contains("vgg16_weights_tf_dim_ordering_tf_kernels_notop.h5")
                .contains("https://storage.googleapis.com/tensorflow/keras-applications/vgg16/")
                .contains("md5 6d6bbae143d832006294945121d1f1fc").contains(dir.resolve("keras").toString())
                .contains("found    no");
    }

    @Test
    void whereFindsAFileInKerasCache() throws IOException {
        Path keras = Files.createDirectories(dir.resolve("keras"));
        Files.writeString(keras.resolve("vgg16_weights_tf_dim_ordering_tf_kernels_notop.h5"), "x");
        CliRun r = CliRun.of(args("where"));
        // a cached file whose size or hash does not match is not taken
        assertThat(r.out()).contains("found    no");
    }

    @Test
    void offlineFetchSaysHowToPlaceTheFileByHand() {
        CliRun r = CliRun.of(args("fetch"));
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).contains("vgg16_weights_tf_dim_ordering_tf_kernels_notop.h5").contains("curl")
                .contains(dir.resolve("tl4j").toString());
    }

    @Test
    void unpublishedMobileNetFileIsExplained() {
        CliRun r = CliRun.of("weights", "where", "mobilenet_v2", "--alpha", "1.3", "--input", "160");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).contains("1.3").contains("224");
    }
}
