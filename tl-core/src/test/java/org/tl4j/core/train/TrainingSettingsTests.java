package org.tl4j.core.train;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.tl4j.api.config.RunConfig;
import org.tl4j.spi.BatchNormMode;

class TrainingSettingsTests {
    private RunConfig load(String... sets) {
        return RunConfig.load(null, List.of(sets), new Properties(), getClass().getClassLoader());
    }

    @Test
    void batchNormModeReachesTheCompileOptions() {
        assertThat(TrainingSettings.from(load()).compileOptions().batchNorm()).isEqualTo(BatchNormMode.INFERENCE);
        assertThat(TrainingSettings.from(load("trainer.batchnorm=train")).compileOptions().batchNorm())
                .isEqualTo(BatchNormMode.TRAIN);
    }
}
