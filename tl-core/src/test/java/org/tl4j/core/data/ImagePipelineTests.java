package org.tl4j.core.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tl4j.api.config.CropMode;
import org.tl4j.api.config.FlipMode;
import org.tl4j.api.config.OnBadImage;
import org.tl4j.spi.Preprocessing;

class ImagePipelineTests {
    @TempDir
    Path dir;

    private List<ImageRequest> requests(Dataset d) {
        List<ImageRequest> out = new ArrayList<>();
        for (int i = 0; i < d.size(); i++) {
            out.add(new ImageRequest(i, d.get(i), 0));
        }
        return out;
    }

    private Dataset withBadImages() throws Exception {
        TestImages.dataset(dir, new String[] {"a", "b"}, new int[] {6, 5});
        Files.write(dir.resolve("a/img002.png"), new byte[0]);
        Files.writeString(dir.resolve("b/img001.png"), "not an image");
        TestImages.writeBytes(dir.resolve("b/zz-bomb.png"), TestImages.pngHeader(100_000, 100_000));
        Files.createSymbolicLink(dir.resolve("b/zz-dangling.png"), dir.resolve("nowhere.png"));
        return Dataset.fromDirectory(dir);
    }

    @Test
    void batchesComeInRequestOrderWithBadImagesSkippedAndListed() throws Exception {
        Dataset d = withBadImages();
        BadImageLog log = new BadImageLog(OnBadImage.SKIP);
        List<String> names = new ArrayList<>();
        List<Integer> sizes = new ArrayList<>();
        try (ImagePipeline p = new ImagePipeline(ImageLoader.of(4, 4, CropMode.NONE, Preprocessing.TF), 2, log);
                ImagePipeline.Batches batches = p.batches(requests(d), 3)) {
            while (batches.hasNext()) {
                ImageBatch b = batches.next();
                sizes.add(b.size());
                assertThat(b.images().shape()).containsExactly(b.size(), 4, 4, 3);
                assertThat(b.images().maxAbs()).isLessThanOrEqualTo(1f);
                b.requests().forEach(r -> names.add(r.entry().name()));
            }
        }
        assertThat(names).containsExactly("a/img000.png", "a/img001.png", "a/img003.png", "a/img004.png",
                "a/img005.png", "b/img000.png", "b/img002.png", "b/img003.png", "b/img004.png");
        assertThat(sizes).containsExactly(3, 3, 3);
        assertThat(log.list()).extracting(b -> b.path().getFileName().toString())
                .containsExactly("img002.png", "img001.png", "zz-bomb.png", "zz-dangling.png");
        assertThat(log.list().get(3).reason()).contains("file not found");
    }

    @Test
    void failPolicyStopsAtTheFirstBadImageNamingIt() throws Exception {
        Dataset d = withBadImages();
        try (ImagePipeline p = new ImagePipeline(ImageLoader.of(4, 4, CropMode.NONE, Preprocessing.NONE), 2,
                new BadImageLog(OnBadImage.FAIL)); ImagePipeline.Batches batches = p.batches(requests(d), 4)) {
            assertThatThrownBy(() -> {
                while (batches.hasNext()) {
                    batches.next();
                }
            }).isInstanceOf(BadImageException.class).hasMessageContaining("img002.png")
                    .hasMessageContaining("on-bad-image = fail");
        }
    }

    @Test
    void resultsDoNotDependOnThreadCount() throws Exception {
        TestImages.dataset(dir, new String[] {"a", "b"}, new int[] {7, 6});
        Dataset d = Dataset.fromDirectory(dir);
        Augmentation aug = new Augmentation(FlipMode.HORIZONTAL, 0.1, 0.1, 0.1, 0.1);
        ImageLoader loader = new ImageLoader(new ImageDecoder(), 6, 5, CropMode.CENTER, Preprocessing.CAFFE, aug, 9);
        List<ImageRequest> reqs = new ArrayList<>();
        for (int i = 0; i < d.size(); i++) {
            reqs.add(new ImageRequest(i, d.get(i), i % 3));
        }
        assertThat(load(loader, reqs, 1)).isEqualTo(load(loader, reqs, 3));
    }

    private static List<Float> load(ImageLoader loader, List<ImageRequest> reqs, int threads) {
        List<Float> all = new ArrayList<>();
        try (ImagePipeline p = new ImagePipeline(loader, threads, new BadImageLog(OnBadImage.SKIP))) {
            p.batches(reqs, 4).forEachRemaining(b -> {
                for (float v : b.images().data()) {
                    all.add(v);
                }
            });
        }
        return all;
    }

    @Test
    void hashesInParallelAndReportsUnreadableFiles() throws Exception {
        Dataset d = withBadImages();
        BadImageLog log = new BadImageLog(OnBadImage.SKIP);
        try (ImagePipeline p = new ImagePipeline(ImageLoader.of(4, 4, CropMode.NONE, Preprocessing.NONE), 2, log)) {
            List<String> hashes = p.hashes(d.entries());
            assertThat(hashes).hasSize(d.size());
            assertThat(hashes.get(0)).hasSize(64).isEqualTo(ContentHash.sha256(Files.readAllBytes(d.get(0).path())));
            assertThat(hashes.stream().filter(h -> h == null)).hasSize(2);
        }
        assertThat(log.count()).isEqualTo(2);
    }

    @Test
    void decodingOnFewerThreadsGivesTheSameBatches() throws Exception {
        Dataset d = withBadImages();
        List<float[]> all = new ArrayList<>();
        List<float[]> throttled = new ArrayList<>();
        ImageLoader loader = ImageLoader.of(5, 7, CropMode.NONE, Preprocessing.TF);
        try (ImagePipeline p = new ImagePipeline(loader, 3, new BadImageLog(OnBadImage.SKIP));
                ImagePipeline.Batches batches = p.batches(requests(d), 2)) {
            batches.forEachRemaining(b -> all.add(b.images().data()));
        }
        try (ImagePipeline p = new ImagePipeline(loader, 3, new BadImageLog(OnBadImage.SKIP))) {
            p.useThreads(1);
            try (ImagePipeline.Batches batches = p.batches(requests(d), 2)) {
                int n = 0;
                while (batches.hasNext()) {
                    throttled.add(batches.next().images().data());
                    p.useThreads(++n % 2 == 0 ? 1 : 3);   // the compile finished, or another one started
                }
            }
            p.useThreads(0);
            p.useThreads(99);   // clamped to 1..threads
            assertThat(p.threads()).isEqualTo(3);
        }
        assertThat(throttled).hasSameSizeAs(all);
        for (int i = 0; i < all.size(); i++) {
            assertThat(throttled.get(i)).containsExactly(all.get(i));
        }
    }
}
