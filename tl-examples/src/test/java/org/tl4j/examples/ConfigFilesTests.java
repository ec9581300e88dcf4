package org.tl4j.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.tl4j.api.config.RunConfig;
import org.tl4j.cli.Main;
import org.tl4j.core.registry.Registry;
import org.tl4j.core.registry.RunPlan;
import org.tl4j.core.run.RunSummary;
import org.tl4j.core.run.TransferLearning;

/**
 * Every file of config/ passes {@code tl config} (keys, types, ranges, provider ids, backend capabilities) and builds
 * its backbone's graph; the files that need nothing outside the repository run on a tiny subset.
 */
class ConfigFilesTests {
    /** Run files that name a backbone of the example plugin, validated with its jar's folder. */
    private static final List<String> PLUGIN_FILES = List.of("plugin-tinynet.conf");
    /** Run files whose data and weights are all in the repository (or are random init). */
    private static final List<String> SELF_CONTAINED = List.of("plugin-tinynet.conf", "quickstart.conf",
            "fashion2.conf");

    @TempDir
    Path work;

    static Stream<Path> configFiles() {
        return Fixtures.configFiles().stream();
    }

    private static Registry registryFor(Path file) {
        return PLUGIN_FILES.contains(file.getFileName().toString())
                ? Registry.discover(List.of(Fixtures.pluginDir())) : Registry.discover();
    }

    private static RunConfig load(Path file, Registry registry, List<String> sets) {
        return RunConfig.load(file, sets, new Properties(), registry.classLoader());
    }

    @Test
    void configFolderHoldsTheDocumentedRunFiles() {
        assertThat(Fixtures.configFiles()).extracting(p -> p.getFileName().toString()).contains("quickstart.conf",
                "fashion2.conf", "flowers-mobilenetv2.conf", "flowers-mobilenetv2-djl.conf", "cats-dogs-two-phase.conf",
                "pretrain-fashion8.conf", "plugin-tinynet.conf");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("configFiles")
    void passesTlConfigAndBuildsItsBackbone(Path file) {
        List<String> args = new ArrayList<>();
        if (PLUGIN_FILES.contains(file.getFileName().toString())) {
            args.addAll(List.of("--plugins", Fixtures.pluginDir().toString()));
        }
        args.addAll(List.of("config", file.toString()));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = Main.run(args.toArray(String[]::new), new PrintWriter(out, true), new PrintWriter(err, true));
        assertThat(exit).as(err.toString()).isZero();
        assertThat(out.toString()).contains("tl4j.backbone.id");

        Registry registry = registryFor(file);
        RunConfig config = load(file, registry, List.of());
        RunPlan plan = RunPlan.of(registry, config);
        assertThat(plan.backbone().graph(config.backbone().spec()).nodes()).isNotEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("configFiles")
    void onlyTheSelfContainedFilesNeedNothingFromOutside(Path file) {
        RunConfig config = load(file, registryFor(file), List.of());
        String weights = config.backbone().weights();
        boolean weightsHere = weights.equals("none")
                || (!Path.of(weights).isAbsolute() && Files.isRegularFile(Fixtures.root().resolve(weights)));
        // build/ is git-ignored: data a script writes there (pretrain-fashion8.conf's) is not in the repository
        boolean dataHere = !config.data().train().startsWith("build/")
                && Files.isDirectory(Fixtures.root().resolve(config.data().train()));
        assertThat(weightsHere && dataHere).as(file.getFileName() + " needs no download (so a test must run it)")
                .isEqualTo(SELF_CONTAINED.contains(file.getFileName().toString()));
    }

    @Test
    void pluginTinynetRunsOnATinySubset() {
        Path file = Fixtures.root().resolve("config/plugin-tinynet.conf");
        Registry registry = registryFor(file);
        RunSummary run = train(registry, load(file, registry, Fixtures.tinyRun(work, 8)));
        assertThat(run.result().history()).hasSize(1);
        assertThat(run.evaluation().examples()).isEqualTo(16);
        assertThat(run.runDirectory().model().resolve("manifest.json")).isRegularFile();
    }

    /**
     * The two bundled examples' own settings, each with its bundled pretrained backbone (the quickstart's written by
     * Keras with scripts/make-scenes-backbone.py, fashion2's by tl4j with scripts/make-fashion2-backbone.sh), run on a
     * tiny subset.
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource({"quickstart.conf, 64, data/quickstart/mobilenet_v2_0.35_64_scenes6.weights.h5, data/quickstart",
        "fashion2.conf, 32, " + Fixtures.FASHION2_WEIGHTS + ", data/fashion2"})
    void bundledExampleRunsOnATinySubset(String name, int size, String weights, String data) {
        Path file = Fixtures.root().resolve("config").resolve(name);
        Registry registry = Registry.discover();
        RunConfig asWritten = load(file, registry, List.of());
        assertThat(asWritten.backbone().id()).isEqualTo("mobilenet_v2");
        assertThat(asWritten.backbone().alpha()).isEqualTo(0.35);
        assertThat(List.of(asWritten.backbone().height(), asWritten.backbone().width())).containsExactly(size, size);
        assertThat(asWritten.backbone().weights()).isEqualTo(weights);
        assertThat(asWritten.head().id()).isEqualTo("linear");
        assertThat(asWritten.freezer().id()).isEqualTo("all");
        assertThat(asWritten.trainer().id()).isEqualTo("feature-extraction");
        assertThat(asWritten.data().train()).isEqualTo(data + "/train");
        assertThat(asWritten.data().validation()).isEqualTo(data + "/validation");

        assertThat(Fixtures.root().resolve(weights)).isRegularFile()
                .satisfies(f -> assertThat(Files.size(f)).as("a few MB at most").isLessThan(3_000_000));

        List<String> sets = new ArrayList<>(Fixtures.tinyRun(work, 8));
        sets.add("backbone.weights=" + Fixtures.quote(Fixtures.root().resolve(weights)));
        RunSummary run = train(registry, load(file, registry, sets));
        assertThat(run.result().history()).hasSize(1);
        assertThat(run.evaluation().examples()).isEqualTo(16);
        assertThat(run.runDirectory().model().resolve("manifest.json")).isRegularFile();
    }

    private static RunSummary train(Registry registry, RunConfig config) {
        return TransferLearning.builder().setConfig(config).optRegistry(registry).build().train();
    }
}
