package org.tl4j.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.typesafe.config.Config;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.tl4j.core.data.BadImageException;
import org.tl4j.core.predict.Classifier;
import org.tl4j.core.predict.Prediction;
import org.tl4j.core.run.JsonText;
import org.tl4j.core.run.RunSummary;
import org.tl4j.spi.Device;

/**
 * The Java API for services on both backends: every kind of input gives the evaluation's probabilities, batches
 * equal single images, concurrent calls equal sequential ones, and a closed one refuses
 * further calls. Closing releases the native memory: {@link ClassifierMemoryTests}.
 */
class ClassifierTests {
    @TempDir
    static Path work;

    private static RunSummary run;
    private static List<Path> images;

    @BeforeAll
    static void trainTheQuickstartHead() {
        run = Fixtures.fashion2Model(work);
        Config eval = JsonText.read(run.runDirectory().evaluation());
        images = eval.getConfigList("predictions").stream().map(p -> Path.of(p.getString("path"))).toList();
    }

    private static Classifier open(String backend) {
        return Classifier.builder().setBundle(run.runDirectory().dir()).optBackend(backend).optDevice(Device.CPU)
                .optThreads(2).build();
    }

    @Test
    void everyKindOfInputGivesTheProbabilitiesOfTheEvaluation() throws IOException {
        Config eval = JsonText.read(run.runDirectory().evaluation());
        List<String> labels = eval.getStringList("labels");
        try (Classifier c = open("tensorflow")) {
            assertThat(c.labels()).isEqualTo(labels);
            for (Config row : eval.getConfigList("predictions").subList(0, 6)) {
                Path file = Path.of(row.getString("path"));
                Prediction p = c.predict(file);
                assertThat(p.probability()).isCloseTo(row.getDoubleList("probabilities")
                        .get(labels.indexOf(p.label())), within(1e-5));
                assertThat(p.topK()).hasSize(2).first().isEqualTo(new Prediction.Scored(p.label(), p.probability()));
                byte[] bytes = Files.readAllBytes(file);
                assertThat(c.predict(bytes)).isEqualTo(p);
                assertThat(c.predict(new ByteArrayInputStream(bytes))).isEqualTo(p);
                assertThat(c.predict(ImageIO.read(file.toFile()))).isEqualTo(p);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"tensorflow", "djl"})
    void batchesEqualSingleImagesAndConcurrentCallsEqualSequentialOnes(String backend) throws Exception {
        try (Classifier c = open(backend)) {
            List<Prediction> one = new ArrayList<>();
            for (Path image : images) {
                one.add(c.predict(image));
            }
            List<Prediction> batched = c.predictAll(images);
            for (int i = 0; i < images.size(); i++) {
                assertThat(batched.get(i).label()).isEqualTo(one.get(i).label());
                assertThat(batched.get(i).probability()).isCloseTo(one.get(i).probability(), within(1e-5));
            }
            ExecutorService pool = Executors.newFixedThreadPool(8);
            try {
                List<Future<List<Prediction>>> threads = new ArrayList<>();
                for (int t = 0; t < 8; t++) {
                    int offset = t;
                    threads.add(pool.submit(() -> {
                        List<Prediction> mine = new ArrayList<>();
                        for (int i = 0; i < 100; i++) {
                            mine.add(c.predict(images.get((offset * 7 + i) % images.size())));
                        }
                        return mine;
                    }));
                }
                for (int t = 0; t < 8; t++) {
                    List<Prediction> mine = threads.get(t).get();
                    for (int i = 0; i < 100; i++) {
                        assertThat(mine.get(i)).as("thread %d, prediction %d", t, i)
                                .isEqualTo(one.get((t * 7 + i) % images.size()));
                    }
                }
            } finally {
                pool.shutdownNow();
            }
        }
    }

    @Test
    void aBadImageOrAClosedClassifierFailsWithAMessage() {
        Classifier c = open("tensorflow");
        assertThatThrownBy(() -> c.predict("not an image".getBytes(java.nio.charset.StandardCharsets.UTF_8)))
                .isInstanceOf(BadImageException.class)
                .hasMessageContaining("bad image in memory: not a JPEG, PNG, BMP or GIF image");
        assertThatThrownBy(() -> c.predictAll(List.of(images.get(0), "x.png")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("image 1 is a java.lang.String; predictAll takes Path, byte[], InputStream");
        c.close();
        c.close();
        assertThatThrownBy(() -> c.predict(images.get(0))).isInstanceOf(IllegalStateException.class)
                .hasMessage("this Classifier is closed");
    }
}
