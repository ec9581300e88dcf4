package org.tl4j.examples;

import static org.assertj.core.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** The repository's folders as the tests see them, and small copies of data/fashion2's images. */
final class Fixtures {
    /** data/fashion2's bundled backbone, produced by scripts/make-fashion2-backbone.sh. */
    static final String FASHION2_WEIGHTS = "data/fashion2/mobilenet_v2_0.35_32_fashion8.safetensors";

    private Fixtures() {
    }

    /** The repository root: the nearest folder above the working directory that holds config/fashion2.conf. */
    static Path root() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve("config/fashion2.conf")) && Files.isRegularFile(p.resolve("pom.xml"))) {
                return p;
            }
        }
        throw new IllegalStateException("no tl4j checkout above " + Path.of("").toAbsolutePath());
    }

    /** Every run file of config/, sorted. */
    static List<Path> configFiles() {
        try (Stream<Path> s = Files.list(root().resolve("config"))) {
            return s.filter(p -> p.getFileName().toString().endsWith(".conf")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The folder that tl-examples-plugin builds its jar into; fails with instructions when the jar is missing. */
    static Path pluginDir() {
        Path dir = root().resolve("tl-examples-plugin/target/plugins");
        try (Stream<Path> s = Files.isDirectory(dir) ? Files.list(dir) : Stream.empty()) {
            if (s.noneMatch(p -> p.getFileName().toString().endsWith(".jar"))) {
                fail("the example plugin jar is missing from " + dir + "; build it first with"
                        + " `mvn -pl tl-examples-plugin -am install -DskipTests` (a reactor build does it before"
                        + " tl-examples)");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return dir;
    }

    /**
     * Copies the first {@code perClass} images of each class of {@code data/fashion2/<split>} into
     * {@code dest/<split>}; returns that folder.
     */
    static Path fashion2(String split, int perClass, Path dest) {
        Path from = root().resolve("data/fashion2").resolve(split);
        Path to = dest.resolve(split);
        try (Stream<Path> classes = Files.list(from)) {
            for (Path cls : classes.filter(Files::isDirectory).sorted().toList()) {
                Path target = Files.createDirectories(to.resolve(cls.getFileName().toString()));
                try (Stream<Path> images = Files.list(cls)) {
                    for (Path img : images.sorted().limit(perClass).toList()) {
                        Files.copy(img, target.resolve(img.getFileName().toString()));
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return to;
    }

    /**
     * {@code --set} overrides that make a run file tiny and hermetic: few data/fashion2 images, one epoch, two CPU
     * threads, everything written below {@code work}.
     */
    static List<String> tinyRun(Path work, int perClass) {
        List<String> sets = new ArrayList<>();
        sets.add("data.train=" + quote(fashion2("train", perClass, work.resolve("data"))));
        sets.add("data.validation=" + quote(fashion2("validation", perClass, work.resolve("data"))));
        sets.add("trainer.epochs=1");
        sets.add("data.batch-size=8");
        sets.add("data.cache.mode=memory");
        sets.add("backend.device=cpu");
        sets.add("backend.threads=2");
        sets.add("output.dir=" + quote(work.resolve("runs")));
        return sets;
    }

    /**
     * Trains a head on data/fashion2 for 2 epochs on 20 images per class (on the bundled pretrained base, tensorflow,
     * 2 threads) into {@code work/runs}; the model bundle is {@code runDirectory().model()}.
     */
    static org.tl4j.core.run.RunSummary fashion2Model(Path work) {
        return org.tl4j.core.run.TransferLearning.builder().setConfig(new org.tl4j.api.config.RunConfigBuilder()
                .optBackbone("mobilenet_v2").optAlpha(0.35).optInputSize(32, 32)
                .optWeights(root().resolve(FASHION2_WEIGHTS).toString())
                .optFreezer("all").optHead("linear").optTrainer("feature-extraction").optEpochs(2)
                .optOptimizer("adam", 0.01).optBackend("tensorflow").optBatchSize(16)
                .optTrainData(fashion2("train", 20, work.resolve("data")))
                .optValidationData(fashion2("validation", 20, work.resolve("data")))
                .set("backend.device", "cpu").set("backend.threads", 2).set("data.cache.mode", "memory")
                .optOutputDir(work.resolve("runs")).build()).build().train();
    }

    /** The test class path minus test-only libraries: what the {@code ./tl} launcher puts on the module path. */
    static String modulePath() {
        List<String> keep = new ArrayList<>();
        for (String e : System.getProperty("java.class.path").split(File.pathSeparator)) {
            String name = Path.of(e).getFileName().toString();
            boolean testOnly = Stream.of("junit", "opentest4j", "apiguardian", "assertj", "mockito", "byte-buddy",
                    "objenesis", "surefire").anyMatch(name::contains) || e.endsWith("test-classes");
            if (!testOnly && Files.exists(Path.of(e))) {
                keep.add(e);
            }
        }
        return String.join(File.pathSeparator, keep);
    }

    static String quote(Path p) {
        return com.typesafe.config.ConfigUtil.quoteString(p.toString());
    }
}
