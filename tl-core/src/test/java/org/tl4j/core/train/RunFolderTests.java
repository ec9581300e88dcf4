package org.tl4j.core.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tl4j.api.DataException;
import org.tl4j.core.run.TransferLearning;

/** A run folder is complete, resumable (it holds a checkpoint) or absent: a failed run leaves no half-made one. */
class RunFolderTests {
    @TempDir
    Path dir;

    @Test
    void aRunThatFailsBeforeItsFirstCheckpointRemovesItsFolder() throws IOException {
        TrainingFixture f = new TrainingFixture(dir);
        Path data = f.images("a", "b");
        Files.writeString(data.resolve("a/broken.png"), "not a png");
        assertThatThrownBy(() -> TransferLearning.builder().setConfig(f.config(data, "data.on-bad-image = fail"))
                .optRegistry(f.registry).build().train()).isInstanceOf(DataException.class);
        assertThat(entries(dir.resolve("runs"))).as("no config.conf and labels.txt alone").isEmpty();
    }

    @Test
    void aRunThatFailsAfterACheckpointKeepsItsFolderForResume() throws IOException {
        TrainingFixture f = new TrainingFixture(dir);
        Path data = f.images("a", "b");
        TrainingListener failing = new TrainingListener() {
            @Override
            public void progress(Progress p) {
                if (p.task().equals("epoch 3")) {
                    throw new OutOfMemoryError("simulated");
                }
            }
        };
        assertThatThrownBy(() -> TransferLearning.builder().setConfig(f.config(data, "trainer.epochs = 4"))
                .optRegistry(f.registry).optListener(failing).build().train()).isInstanceOf(OutOfMemoryError.class);
        assertThat(entries(dir.resolve("runs"))).singleElement()
                .satisfies(run -> assertThat(run.resolve("checkpoints")).isNotEmptyDirectory());
    }

    private static Stream<Path> entries(Path folder) throws IOException {
        try (Stream<Path> s = Files.exists(folder) ? Files.list(folder) : Stream.empty()) {
            return s.toList().stream();
        }
    }
}
