package org.tl4j.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tl4j.api.config.RunConfig;
import org.tl4j.core.run.RunSummary;
import org.tl4j.spi.OptimizerSpec;

/** The Java seed example is as short as the Keras original, says what Keras says, and trains. */
class SeedExampleTests {
    private static final Path SOURCE = Path.of("src/main/java/org/tl4j/examples/SeedExample.java");

    @TempDir
    Path work;

    @Test
    void isNoLongerThanFortyLinesOfCode() throws IOException {
        List<String> code = codeLines(Files.readAllLines(Fixtures.root().resolve("tl-examples").resolve(SOURCE)));
        assertThat(code).as("non-blank, non-comment lines of SeedExample.java").hasSizeLessThanOrEqualTo(40);
    }

    @Test
    void configurationIsTheKerasSeed() {
        RunConfig rc = SeedExample.seed(Path.of("data/flowers/flower_photos")).build();
        assertThat(rc.backbone().id()).isEqualTo("mobilenet_v2");
        assertThat(rc.backbone().alpha()).isEqualTo(1.0);
        assertThat(List.of(rc.backbone().height(), rc.backbone().width())).containsExactly(160, 160);
        assertThat(rc.backbone().weights()).isEqualTo("imagenet");
        assertThat(rc.freezer().id()).isEqualTo("all");
        assertThat(rc.head().id()).isEqualTo("linear");
        assertThat(rc.head().dropout()).isEqualTo(0.2);
        assertThat(rc.trainer().id()).isEqualTo("feature-extraction");
        assertThat(rc.trainer().optimizer().id()).isEqualTo(OptimizerSpec.Kind.ADAM);
        assertThat(rc.trainer().optimizer().learningRate()).isEqualTo(0.001);
        assertThat(rc.data().train()).isEqualTo(Path.of("data/flowers/flower_photos").toString());
    }

    @Test
    void trainsOnATinySubsetAndWritesAModel() {
        Path images = Fixtures.fashion2("train", 10, work);
        RunSummary run = SeedExample.train(SeedExample.seed(images)
                .optWeights("none").optAlpha(0.35).optInputSize(32, 32).optEpochs(1)
                .set("backend.device", "cpu").set("backend.threads", 2).optOutputDir(work.resolve("runs")));
        assertThat(run.result().history()).hasSize(1);
        assertThat(run.result().history().get(0).loss()).isFinite();
        assertThat(run.evaluation().examples()).isEqualTo(4);
        assertThat(run.runDirectory().model().resolve("manifest.json")).isRegularFile();
        assertThat(run.runDirectory().report()).isRegularFile();
    }

    /** The lines that hold code: not blank, not inside a comment. */
    static List<String> codeLines(List<String> lines) {
        List<String> code = new java.util.ArrayList<>();
        boolean inComment = false;
        for (String line : lines) {
            String t = line.strip();
            if (inComment) {
                inComment = !t.contains("*/");
                continue;
            }
            if (t.startsWith("/*")) {
                inComment = !t.contains("*/");
                continue;
            }
            if (!t.isEmpty() && !t.startsWith("//")) {
                code.add(t);
            }
        }
        return code;
    }
}
