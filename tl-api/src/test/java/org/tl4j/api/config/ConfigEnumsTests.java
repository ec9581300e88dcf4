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
import org.tl4j.spi.OptimizerSpec;

/** The keys with a fixed set of values are parsed once, into enums, when the config is read. */
class ConfigEnumsTests {
    @TempDir
    Path dir;

    private RunConfig load(Path file, String... sets) {
        return RunConfig.load(file, List.of(sets), new Properties(), getClass().getClassLoader());
    }

    @Test
    void defaultsAreTheFirstConstantsOfEachKind() {
        RunConfig.DataConfig d = load(null).data();
        assertThat(d.crop()).isEqualTo(CropMode.NONE);
        assertThat(d.onBadImage()).isEqualTo(OnBadImage.SKIP);
        assertThat(d.classWeights()).isEqualTo(ClassWeighting.NONE);
        assertThat(d.cacheMode()).isEqualTo(CacheMode.MEMORY);
        assertThat(d.jpegDecoder()).isEqualTo(JpegDecoding.TENSORFLOW);
        assertThat(d.icc()).isEqualTo(IccProfiles.IGNORE);
        assertThat(d.augment().flip()).isEqualTo(FlipMode.NONE);
        assertThat(load(null).trainer().earlyStopping().monitor()).isEqualTo(Monitor.NONE);
    }

    @Test
    void everyIdNamesItsConstantCaseInsensitively() {
        RunConfig rc = load(null, "data.crop=CENTER", "data.on-bad-image=fail", "data.class-weights=balanced",
                "data.cache.mode=disk", "data.jpeg-decoder=Accurate", "data.icc=apply", "data.augment.flip=both",
                "trainer.optimizer.id=rmsprop", "trainer.schedule.id=reduce-on-plateau",
                "trainer.early-stopping.monitor=val_accuracy");
        RunConfig.DataConfig d = rc.data();
        assertThat(List.of(d.crop(), d.onBadImage(), d.classWeights(), d.cacheMode(), d.jpegDecoder(), d.icc(),
                d.augment().flip())).containsExactly(CropMode.CENTER, OnBadImage.FAIL, ClassWeighting.BALANCED,
                        CacheMode.DISK, JpegDecoding.ACCURATE, IccProfiles.APPLY, FlipMode.HORIZONTAL_AND_VERTICAL);
        assertThat(rc.trainer().optimizer().id()).isEqualTo(OptimizerSpec.Kind.RMSPROP);
        assertThat(rc.trainer().schedule().id()).isEqualTo(ScheduleKind.REDUCE_ON_PLATEAU);
        assertThat(rc.trainer().earlyStopping().monitor()).isEqualTo(Monitor.VAL_ACCURACY);
        assertThat(Monitor.VAL_ACCURACY.maximised() && Monitor.VAL_ACCURACY.onValidation()).isTrue();
        assertThat(Monitor.LOSS.maximised() || Monitor.LOSS.onValidation()).isFalse();
    }

    @Test
    void aWrongValueNamesFileLineKeyAndEveryAllowedValue() throws IOException {
        Path f = dir.resolve("run.conf");
        Files.writeString(f, "tl4j.data.jpeg-decoder = libjpeg\ntl4j.data.crop = centre\n"
                + "tl4j.data.cache.mode = ram\ntl4j.data.augment.flip = horizontal_and_vertical\n");
        assertThatThrownBy(() -> load(f))
                .isInstanceOf(TlConfigException.class)
                .hasMessageContaining("4 configuration problems")
                .hasMessageContaining("run.conf:1: tl4j.data.jpeg-decoder = \"libjpeg\" is not allowed; use one of"
                        + " tensorflow, accurate")
                .hasMessageContaining("run.conf:2: tl4j.data.crop = \"centre\" is not allowed; use one of none,"
                        + " center; did you mean `center`?")
                .hasMessageContaining("run.conf:3: tl4j.data.cache.mode = \"ram\" is not allowed; use one of memory,"
                        + " disk, none")
                .hasMessageContaining("run.conf:4: tl4j.data.augment.flip = \"horizontal_and_vertical\" is not"
                        + " allowed; use one of none, horizontal, vertical, both");
    }

    @Test
    void aWrongValueFromSetNamesSetAsItsOrigin() {
        assertThatThrownBy(() -> load(null, "data.on-bad-image=ignore", "data.class-weights=auto", "data.icc=yes"))
                .hasMessageContaining("tl4j.data.on-bad-image = \"ignore\" is not allowed; use one of skip, fail")
                .hasMessageContaining("tl4j.data.class-weights = \"auto\" is not allowed; use one of none, balanced")
                .hasMessageContaining("tl4j.data.icc = \"yes\" is not allowed; use one of ignore, apply")
                .hasMessageContaining("--set");
    }
}
