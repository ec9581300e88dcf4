package org.tl4j.api.config;

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
import org.tl4j.spi.BatchNormMode;
import org.tl4j.spi.Device;

class RunConfigTests {
    @TempDir
    Path dir;

    private Path write(String text) throws IOException {
        Path f = dir.resolve("run.conf");
        Files.writeString(f, text);
        return f;
    }

    private RunConfig load(Path file, String... sets) {
        return RunConfig.load(file, List.of(sets), new Properties(), getClass().getClassLoader());
    }

    @Test
    void defaultsComeFromReferenceConf() {
        RunConfig rc = load(null);
        assertThat(rc.seed()).isEqualTo(42);
        assertThat(rc.backbone().id()).isEqualTo("mobilenet_v2");
        assertThat(rc.backbone().spec().height()).isEqualTo(160);
        assertThat(rc.head().dropout()).isEqualTo(0.2);
        assertThat(rc.backend().device()).isEqualTo(Device.AUTO);
        assertThat(rc.trainer().optimizer().learningRate()).isEqualTo(0.001);
        assertThat(rc.data().validation()).isNull();
    }

    @Test
    void fileOverridesReferenceAndSetOverridesFile() throws IOException {
        Path f = write("tl4j { trainer { epochs = 3 }, backbone { input-size = 96 } }\n");
        RunConfig rc = load(f, "tl4j.trainer.epochs=7", "trainer.optimizer.learning-rate=0.01");
        assertThat(rc.trainer().epochs()).isEqualTo(7);
        assertThat(rc.trainer().optimizer().learningRate()).isEqualTo(0.01);
        assertThat(rc.backbone().height()).isEqualTo(96);
        assertThat(rc.backbone().width()).isEqualTo(96);
        assertThat(load(f, "trainer.epochs=5", "trainer.epochs=6").trainer().epochs()).isEqualTo(6);
    }

    @Test
    void misspeltKeyNamesKeyFileLineAndSuggestion() throws IOException {
        Path f = write("tl4j {\n  trainer {\n    optimizer {\n      learning_rate = 0.01\n    }\n  }\n}\n");
        assertThatThrownBy(() -> load(f))
                .isInstanceOf(TlConfigException.class)
                .hasMessageContaining("run.conf:4: ")
                .hasMessageContaining("unknown key `tl4j.trainer.optimizer.learning_rate`")
                .hasMessageContaining("did you mean `learning-rate`?");
    }

    @Test
    void outOfRangeFromSetNamesTheAllowedRange() {
        assertThatThrownBy(() -> load(null, "tl4j.trainer.epochs=0"))
                .isInstanceOf(TlConfigException.class)
                .hasMessageContaining("--set tl4j.trainer.epochs=0")
                .hasMessageContaining("tl4j.trainer.epochs = 0 is out of range; allowed: an integer from 1 to 100000");
    }

    @Test
    void learningRateMustBePositiveAndBatchSizeNonZero() throws IOException {
        Path f = write("tl4j.trainer.optimizer.learning-rate = -1\ntl4j.data.batch-size = 0\n");
        assertThatThrownBy(() -> load(f))
                .hasMessageContaining("2 configuration problems")
                .hasMessageContaining("run.conf:1: tl4j.trainer.optimizer.learning-rate = -1 is out of range; "
                        + "allowed: a number > 0")
                .hasMessageContaining("run.conf:2: tl4j.data.batch-size = 0 is out of range");
    }

    @Test
    void weightsHashIsAnMd5OrSha256Digest() {
        assertThat(load(null).backbone().weightsHash()).isNull();
        assertThat(load(null, "backbone.weights-hash=\" 4D473C1DD8BECC155B73F8504C6F6626 \"").backbone().weightsHash())
                .isEqualTo("4D473C1DD8BECC155B73F8504C6F6626");
        assertThatThrownBy(() -> load(null, "backbone.weights-hash=abc"))
                .hasMessageContaining("tl4j.backbone.weights-hash: \"abc\" is not a digest");
    }

    @Test
    void wrongTypeNamesTheExpectedType() throws IOException {
        Path f = write("tl4j.trainer.epochs = many\n");
        assertThatThrownBy(() -> load(f))
                .hasMessageContaining("run.conf:1: tl4j.trainer.epochs = \"many\" has the wrong type; "
                        + "expected an integer");
    }

    @Test
    void badEnumValueListsTheChoicesAndTheClosest() {
        assertThatThrownBy(() -> load(null, "backend.device=gpuu"))
                .hasMessageContaining("tl4j.backend.device = \"gpuu\" is not allowed; use one of auto, cpu, gpu; "
                        + "did you mean `gpu`?");
    }

    @Test
    void batchNormModeIsInferenceByDefaultAndTrainOnRequest() {
        assertThat(load(null).trainer().batchNorm()).isEqualTo(BatchNormMode.INFERENCE);
        RunConfig rc = load(null, "trainer.batchnorm=train");
        assertThat(rc.trainer().batchNorm()).isEqualTo(BatchNormMode.TRAIN);
        assertThatThrownBy(() -> load(null, "trainer.batchnorm=training"))
                .isInstanceOf(TlConfigException.class)
                .hasMessageContaining("tl4j.trainer.batchnorm = \"training\" is not allowed; use one of inference,"
                        + " train");
    }

    @Test
    void missingRequiredValueIsNamed() throws IOException {
        Path f = write("tl4j.backbone.id = null\n");
        assertThatThrownBy(() -> load(f)).hasMessageContaining("tl4j.backbone.id is required");
    }

    @Test
    void unknownTopLevelKeyAndUnknownSectionAreRefused() throws IOException {
        Path f = write("tl4 { seed = 1 }\ntl4j.trainr.epochs = 3\n");
        assertThatThrownBy(() -> load(f))
                .hasMessageContaining("unknown top-level key `tl4`")
                .hasMessageContaining("unknown key `tl4j.trainr`; did you mean `trainer`?");
    }

    @Test
    void openSectionsAcceptProviderSpecificKeys() {
        RunConfig rc = load(null, "backbone.options.path=\"/tmp/x.onnx\"");
        assertThat(rc.backbone().spec().options().getString("path")).isEqualTo("/tmp/x.onnx");
    }

    @Test
    void systemPropertiesOverrideTheFile() throws IOException {
        Path f = write("tl4j.seed = 1\n");
        Properties p = new Properties();
        p.setProperty("tl4j.seed", "9");
        assertThat(RunConfig.load(f, List.of(), p, getClass().getClassLoader()).seed()).isEqualTo(9);
    }

    @Test
    void describeListsEveryValueWithItsOrigin() throws IOException {
        Path f = write("tl4j {\n  seed = 7\n}\n");
        Properties none = new Properties();
        List<String> lines = ConfigLoader.describe(new ConfigLoader(getClass().getClassLoader())
                .load(f, List.of("trainer.epochs=2"), none));
        assertThat(lines).anyMatch(l -> l.startsWith("tl4j.seed = 7   # ") && l.endsWith("run.conf:2"))
                .contains("tl4j.trainer.epochs = 2   # (--set trainer.epochs=2)")
                .anyMatch(l -> l.equals("tl4j.head.id = \"linear\"   # (default from reference.conf)"));
    }

    @Test
    void missingFileAndBadSetAreClear() {
        assertThatThrownBy(() -> load(dir.resolve("nope.conf"))).hasMessageContaining("config file not found");
        assertThatThrownBy(() -> load(null, "epochs")).hasMessageContaining("expected key=value");
    }

    @Test
    void suggestFindsCloseWordsOnly() {
        assertThat(Suggest.closest("learning_rate", List.of("learning-rate", "momentum"))).isEqualTo("learning-rate");
        assertThat(Suggest.closest("zzz", List.of("learning-rate", "momentum"))).isNull();
    }
}
