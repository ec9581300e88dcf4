package org.tl4j.core.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tl4j.api.config.FlipMode;
import org.tl4j.api.config.IccProfiles;
import org.tl4j.api.config.JpegDecoding;
import org.tl4j.api.tensor.Tensor;

class FeatureCacheTests {
    @TempDir
    Path dir;

    private static final String HASH = "ab".repeat(32);

    private static final String D = "jpeg=tensorflow,icc=ignore";

    private static FeatureSpace space(int size) {
        return new FeatureSpace("mobilenet_v2", "alpha=1.0", "f".repeat(64), size, size, "tf", "none", D, "pooled");
    }

    @Test
    void diskEntriesSurviveANewCacheInstance() {
        FeatureKey key = space(160).key(HASH, "v0");
        Tensor t = Tensor.of(new float[] {1.5f, -2f, 3f}, 3);
        try (FeatureCache c = FeatureCache.onDisk(dir)) {
            assertThat(c.get(key)).isNull();
            c.put(key, t);
        }
        try (FeatureCache c = FeatureCache.onDisk(dir)) {
            assertThat(c.get(key)).isEqualTo(t);
            assertThat(c.stats()).isEqualTo(new FeatureCache.Stats(1, 0, 0));
        }
    }

    @Test
    void keysSeparateEveryIngredient() {
        FeatureSpace s = space(160);
        assertThat(s.id()).isEqualTo(space(160).id()).hasSize(16);
        assertThat(space(96).id()).isNotEqualTo(s.id());
        assertThat(new FeatureSpace("mobilenet_v2", "alpha=1.0", "e".repeat(64), 160, 160, "tf", "none", D, "pooled")
                .id()).isNotEqualTo(s.id());
        assertThat(new FeatureSpace("resnet50", "alpha=1.0", "f".repeat(64), 160, 160, "tf", "none", D, "pooled")
                .id()).isNotEqualTo(s.id());
        assertThat(new FeatureSpace("mobilenet_v2", "alpha=1.0", "f".repeat(64), 160, 160, "caffe", "none", D, "pooled")
                .id()).isNotEqualTo(s.id());
        assertThat(new FeatureSpace("mobilenet_v2", "alpha=1.0", "f".repeat(64), 160, 160, "tf", "none", D, "map")
                .id()).isNotEqualTo(s.id());
        String accurate = new ImageDecoder(ImageDecoder.DEFAULT_MAX_PIXELS, JpegDecoding.ACCURATE,
                IccProfiles.IGNORE).id();
        assertThat(new ImageDecoder().id()).isEqualTo(D);
        assertThat(new FeatureSpace("mobilenet_v2", "alpha=1.0", "f".repeat(64), 160, 160, "tf", "none", accurate,
                "pooled").id()).as("another JPEG decoder, other features").isNotEqualTo(s.id());
    }

    @Test
    void viewKeysChangeOnlyForAugmentedViews() {
        Augmentation a = new Augmentation(FlipMode.HORIZONTAL, 0.1, 0, 0, 0);
        Augmentation b = new Augmentation(FlipMode.HORIZONTAL, 0.2, 0, 0, 0);
        assertThat(FeatureSpace.viewKey(a, 1, 0)).isEqualTo("v0").isEqualTo(FeatureSpace.viewKey(b, 2, 0));
        assertThat(FeatureSpace.viewKey(a, 1, 1)).isNotEqualTo(FeatureSpace.viewKey(b, 1, 1))
                .isNotEqualTo(FeatureSpace.viewKey(a, 2, 1)).isNotEqualTo(FeatureSpace.viewKey(a, 1, 2))
                .endsWith("-v1");
    }

    @Test
    void changedContentMissesOnlyThatEntry() {
        FeatureSpace s = space(32);
        String other = "cd".repeat(32);
        try (FeatureCache c = FeatureCache.inMemory()) {
            c.put(s.key(HASH, "v0"), Tensor.of(new float[] {1}, 1));
            c.put(s.key(other, "v0"), Tensor.of(new float[] {2}, 1));
            assertThat(c.get(s.key(HASH, "v0")).data()).containsExactly(1f);
            assertThat(c.get(s.key("ef".repeat(32), "v0"))).isNull();
            assertThat(c.get(space(64).key(HASH, "v0"))).isNull();
            assertThat(c.stats()).isEqualTo(new FeatureCache.Stats(1, 2, 2));
        }
    }

    @Test
    void aCorruptEntryIsAMiss() throws Exception {
        FeatureKey key = space(32).key(HASH, "v0");
        DiskFeatureCache c = new DiskFeatureCache(dir);
        c.put(key, Tensor.of(new float[] {1, 2}, 2));
        Path f = c.file(key);
        Files.write(f, new byte[] {1, 2, 3});
        assertThat(c.get(key)).isNull();
        try (var files = Files.walk(dir)) {
            assertThat(files.filter(p -> p.getFileName().toString().startsWith(".tmp-"))).isEmpty();
        }
    }

    @Test
    void mayContainIsFalseOnlyWhenASpaceCertainlyHasNoEntries() {
        FeatureSpace a = space(160);
        FeatureSpace b = space(96);
        Tensor t = Tensor.of(new float[] {1f, 2f}, 2);
        try (FeatureCache memory = FeatureCache.inMemory(); FeatureCache none = FeatureCache.none()) {
            assertThat(memory.mayContain(a.id())).isFalse();
            memory.put(a.key(HASH, "v0"), t);
            assertThat(memory.mayContain(a.id())).isTrue();
            assertThat(memory.mayContain(b.id())).isFalse();
            none.put(a.key(HASH, "v0"), t);
            assertThat(none.mayContain(a.id())).isFalse();
        }
        try (FeatureCache disk = FeatureCache.onDisk(dir)) {
            assertThat(disk.mayContain(a.id())).isFalse();
            disk.put(a.key(HASH, "v0"), t);
            assertThat(disk.mayContain(a.id())).isTrue();
            assertThat(disk.mayContain(b.id())).isFalse();
        }
        try (FeatureCache disk = FeatureCache.onDisk(dir)) {
            assertThat(disk.mayContain(a.id())).as("a new instance on the same folder").isTrue();
        }
    }

    @Test
    void malformedKeysAreRefused() {
        String space = "0123abcd";
        assertThat(new FeatureKey(space, HASH, "v0-Aug").view()).isEqualTo("v0-Aug");
        for (String[] bad : new String[][] {{"", HASH, "v0"}, {"0123ABCD", HASH, "v0"}, {space, "ab".repeat(7), "v0"},
                {space, "AB".repeat(32), "v0"}, {space, HASH, "../v0"}, {space, HASH, "v".repeat(65)},
                {space, "g".repeat(64), "v0"}}) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> new FeatureKey(bad[0], bad[1], bad[2]))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("malformed feature key");
        }
    }
}
