package org.tl4j.core.train;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tl4j.core.run.FeatureExport;
import org.tl4j.core.run.TransferLearning;

/** {@code tl extract} and {@code tl train} build the feature-cache key in one place, so they share cache entries. */
class FeatureCacheKeyTests {
    @TempDir
    Path dir;

    private static Set<String> entries(Path cache) throws IOException {
        try (Stream<Path> files = Files.walk(cache)) {
            return files.filter(Files::isRegularFile).map(f -> cache.relativize(f).toString())
                    .collect(Collectors.toCollection(TreeSet::new));
        }
    }

    private static Set<String> spaces(Path cache) throws IOException {
        try (Stream<Path> files = Files.list(cache)) {
            return files.filter(Files::isDirectory).map(f -> f.getFileName().toString())
                    .collect(Collectors.toCollection(TreeSet::new));
        }
    }

    @Test
    void extractReadsTheEntriesThatTrainingWrote() throws IOException {
        TrainingFixture f = new TrainingFixture(dir);
        Path data = f.images("red", "green", "blue");
        Path cache = dir.resolve("cache");
        String[] lines = {"data.cache { mode = disk, dir = \"" + cache + "\" }", "data.validation-split = 0"};
        TransferLearning.builder().setConfig(f.config(data, lines)).optRegistry(f.registry).build().train();
        Set<String> afterTraining = entries(cache);
        assertThat(spaces(cache)).hasSize(1);
        assertThat(afterTraining).hasSize(24);

        FeatureExport.Result r = FeatureExport.extract(f.config(data, lines), f.registry, data,
                dir.resolve("features.npy"), FeatureExport.Pooling.POOL, new TrainingListener() { });
        assertThat(r.shape()[0]).isEqualTo(24);
        assertThat(entries(cache)).as("extract found every feature training cached: same space, same keys")
                .isEqualTo(afterTraining);
        assertThat(List.copyOf(spaces(cache))).hasSize(1);
    }
}
