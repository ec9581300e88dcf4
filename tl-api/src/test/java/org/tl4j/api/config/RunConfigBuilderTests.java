package org.tl4j.api.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tl4j.api.TlConfigException;
import org.tl4j.spi.OptimizerSpec;

class RunConfigBuilderTests {
    @TempDir
    Path dir;

    @Test
    void typedSettingsLandOnTheirKeys() {
        RunConfig rc = new RunConfigBuilder()
                .optSeed(7).optBackbone("vgg16").optInputSize(64, 96).optAlpha(1.0).optWeights("none")
                .optHead("mlp").optDropout(0.5).optFreezer("none").optTrainer("fine-tune").optEpochs(3)
                .optOptimizer("sgd", 0.01).optBackend("djl").optTrainData(dir.resolve("train images"))
                .optValidationData(dir.resolve("val")).optValidationSplit(0.3).optBatchSize(8)
                .optOutputDir(dir.resolve("runs"))
                .build();
        assertThat(rc.seed()).isEqualTo(7);
        assertThat(rc.backbone().id()).isEqualTo("vgg16");
        assertThat(rc.backbone().height()).isEqualTo(64);
        assertThat(rc.backbone().width()).isEqualTo(96);
        assertThat(rc.backbone().weights()).isEqualTo("none");
        assertThat(rc.head().id()).isEqualTo("mlp");
        assertThat(rc.head().dropout()).isEqualTo(0.5);
        assertThat(rc.freezer().id()).isEqualTo("none");
        assertThat(rc.trainer().id()).isEqualTo("fine-tune");
        assertThat(rc.trainer().epochs()).isEqualTo(3);
        assertThat(rc.trainer().optimizer().id()).isEqualTo(OptimizerSpec.Kind.SGD);
        assertThat(rc.trainer().optimizer().learningRate()).isEqualTo(0.01);
        assertThat(rc.backend().id()).isEqualTo("djl");
        assertThat(rc.data().train()).isEqualTo(dir.resolve("train images").toString());
        assertThat(rc.data().validation()).isEqualTo(dir.resolve("val").toString());
        assertThat(rc.data().validationSplit()).isEqualTo(0.3);
        assertThat(rc.data().batchSize()).isEqualTo(8);
        assertThat(rc.output().dir()).isEqualTo(dir.resolve("runs").toString());
    }

    @Test
    void untouchedKeysKeepTheirDefaults() {
        RunConfig rc = new RunConfigBuilder().optEpochs(2).build();
        assertThat(rc.backbone().id()).isEqualTo("mobilenet_v2");
        assertThat(rc.head().dropout()).isEqualTo(0.2);
        assertThat(rc.trainer().optimizer().id()).isEqualTo(OptimizerSpec.Kind.ADAM);
    }

    @Test
    void setReachesAnyKeyAndTheLaterCallWins() {
        RunConfigBuilder b = new RunConfigBuilder().set("tl4j.data.augment.flip", "horizontal")
                .set("head.hidden", List.of(64, 32)).optEpochs(4).set("trainer.epochs", 5)
                .set("data.validation", null);
        RunConfig rc = b.build();
        assertThat(rc.data().augment().flip()).isEqualTo(FlipMode.HORIZONTAL);
        assertThat(rc.head().hidden()).containsExactly(64, 32);
        assertThat(rc.trainer().epochs()).isEqualTo(5);
        assertThat(rc.data().validation()).isNull();
        assertThat(b.assignments()).containsExactly("tl4j.data.augment.flip=\"horizontal\"", "tl4j.head.hidden=[64,32]",
                "tl4j.trainer.epochs=5", "tl4j.data.validation=null");
    }

    @Test
    void settingsOverrideTheRunFile() throws IOException {
        Path f = dir.resolve("run.conf");
        Files.writeString(f, "tl4j { trainer { epochs = 3 }, backbone { id = resnet50 } }\n");
        RunConfig rc = new RunConfigBuilder().optFile(f).optEpochs(9).build();
        assertThat(rc.trainer().epochs()).isEqualTo(9);
        assertThat(rc.backbone().id()).isEqualTo("resnet50");
    }

    @Test
    void unknownKeyIsRefusedWithASuggestion() {
        assertThatThrownBy(() -> new RunConfigBuilder().set("trainer.optimizer.learning_rate", 0.1).build())
                .isInstanceOf(TlConfigException.class)
                .hasMessageContaining("unknown key `tl4j.trainer.optimizer.learning_rate`")
                .hasMessageContaining("did you mean `learning-rate`?");
    }

    @Test
    void valueOutOfRangeNamesTheKey() {
        assertThatThrownBy(() -> new RunConfigBuilder().optDropout(1.5).build())
                .isInstanceOf(TlConfigException.class)
                .hasMessageContaining("tl4j.head.dropout");
    }

    @Test
    void unsupportedValueTypeIsRefused() {
        assertThatThrownBy(() -> new RunConfigBuilder().set("seed", new Object()))
                .isInstanceOf(TlConfigException.class)
                .hasMessageContaining("use a string, number, boolean, Path, list or null");
    }
}
