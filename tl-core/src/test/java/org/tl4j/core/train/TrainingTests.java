package org.tl4j.core.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.typesafe.config.Config;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tl4j.api.DataException;
import org.tl4j.api.TlConfigException;
import org.tl4j.api.tensor.Tensor;
import org.tl4j.api.weights.Weights;
import org.tl4j.core.data.ImageEntry;
import org.tl4j.core.freezers.AllFreezer;
import org.tl4j.core.heads.LinearHead;
import org.tl4j.core.registry.Registry;
import org.tl4j.core.run.JsonText;
import org.tl4j.core.run.ModelBundle;
import org.tl4j.core.run.Predictor;
import org.tl4j.core.run.RunSummary;
import org.tl4j.core.run.TransferLearning;
import org.tl4j.spi.BatchNormMode;
import org.tl4j.spi.CompileOptions;
import org.tl4j.spi.Device;

class TrainingTests {
    @TempDir
    Path dir;

    private RunSummary train(TrainingFixture f, Path data, String... lines) {
        return TransferLearning.builder().setConfig(f.config(data, lines)).optRegistry(f.registry).build().train();
    }

    private static List<EpochMetrics> withoutTimes(List<EpochMetrics> h) {
        return h.stream().map(e -> new EpochMetrics(e.epoch(), e.phase(), e.learningRate(), e.loss(), e.accuracy(),
                e.valLoss(), e.valAccuracy(), e.valTopK(), 0)).toList();
    }

    @Test
    void featureExtractionLearnsAndWritesTheRunFolder() throws Exception {
        TrainingFixture f = new TrainingFixture(dir);
        RunSummary run = train(f, f.images("red", "green", "blue"), "trainer.epochs = 12");
        assertThat(run.result().history()).hasSize(12);
        assertThat(run.evaluation().accuracy()).isGreaterThan(0.8);
        Path d = run.runDirectory().dir();
        assertThat(Files.readAllLines(d.resolve("labels.txt"))).containsExactly("blue", "green", "red");
        assertThat(Files.readAllLines(d.resolve("metrics.csv"))).hasSize(13).first().asString().startsWith("epoch,");
        assertThat(Files.readAllLines(d.resolve("metrics.jsonl"))).hasSize(12);
        assertThat(Files.readString(d.resolve("config.conf"))).contains("tiny").contains("# ");
        assertThat(d.resolve("model/manifest.json")).exists();
        assertThat(d.resolve("model/model.safetensors")).exists();
        assertThat(d.resolve("evaluation.json")).exists();
        assertThat(Files.readString(d.resolve("report.html"))).contains("<svg").contains("Confusion matrix");
        Config manifest = JsonText.read(d.resolve("model/manifest.json"));
        assertThat(manifest.getString("backbone.id")).isEqualTo("tiny");
        assertThat(manifest.getString("backbone.weightsHash")).hasSize(64);
        assertThat(manifest.getString("backend.version")).isEqualTo("fake 1");
        assertThat(manifest.getLong("seed")).isEqualTo(42);
        assertThat(manifest.getBoolean("pooled")).isTrue();
        assertThat(manifest.getStringList("labels")).containsExactly("blue", "green", "red");
        assertThat(manifest.getString("config")).contains("tl4j");
    }

    @Test
    void sameSeedGivesIdenticalMetricsAndWeights() {
        TrainingFixture f = new TrainingFixture(dir);
        Path data = f.images("a", "b", "c");
        RunSummary one = train(f, data);
        RunSummary two = train(f, data);
        assertThat(withoutTimes(two.result().history())).isEqualTo(withoutTimes(one.result().history()));
        assertThat(two.result().weights().asMap()).isEqualTo(one.result().weights().asMap());
        RunSummary other = train(f, data, "seed = 7");
        assertThat(other.result().weights().asMap()).isNotEqualTo(one.result().weights().asMap());
    }

    @Test
    void resumeAfterAKillMidEpochEqualsAnUninterruptedRun() {
        for (String trainer : List.of("feature-extraction", "two-phase")) {
            TrainingFixture f = new TrainingFixture(dir.resolve(trainer));
            Path data = f.images("a", "b", "c");
            String[] lines = {"trainer.id = " + trainer, "trainer.fine-tune { epochs = 2, from-layer = conv2 }"};
            RunSummary full = train(f, data, lines);
            Path killed = dir.resolve(trainer + "-killed");
            TrainingListener killer = new TrainingListener() {
                @Override
                public void progress(Progress p) {
                    if (p.task().equals("epoch 3") && p.done() == 2) {
                        throw new IllegalStateException("simulated SIGKILL");
                    }
                }
            };
            assertThatThrownBy(() -> TransferLearning.builder().setConfig(f.config(data, lines))
                    .optRegistry(f.registry).optListener(killer).optRunDirectory(killed).build().train())
                    .hasMessageContaining("simulated SIGKILL");
            assertThat(killed.resolve("checkpoints/epoch-0002")).isDirectory();
            assertThat(killed.resolve("model")).doesNotExist();
            RunSummary resumed = TransferLearning.resume(killed, f.registry).build().train();
            assertThat(resumed.result().weights().asMap()).as(trainer).isEqualTo(full.result().weights().asMap());
            assertThat(withoutTimes(resumed.result().history())).isEqualTo(withoutTimes(full.result().history()));
        }
    }

    @Test
    void aSecondRunTakesFeaturesFromTheDiskCacheAndAChangedImageMissesAlone() {
        TrainingFixture f = new TrainingFixture(dir);
        Path data = f.images("a", "b");
        String cache = "data.cache { mode = disk, dir = \"" + dir.resolve("cache") + "\" }";
        RunSummary first = train(f, data, cache);
        assertThat(first.result().cacheStats()).as("nothing cached yet: no hashing up front, every view a miss")
                .isEqualTo(new org.tl4j.core.data.FeatureCache.Stats(0, 16, 16));
        int computedBefore = f.backend.predictedExamples.get();
        RunSummary second = train(f, data, cache);
        assertThat(second.result().cacheStats().misses()).isZero();
        assertThat(second.result().cacheStats().hits()).isEqualTo(16);
        assertThat(withoutTimes(second.result().history())).isEqualTo(withoutTimes(first.result().history()));
        assertThat(f.backend.predictedExamples.get() - computedBefore).as("base + head predictions")
                .isLessThan(first.result().history().size() * 16 + 16);
        TrainingFixture.write(data.resolve("a/img3.png"), 1, 99);
        RunSummary third = train(f, data, cache);
        assertThat(third.result().cacheStats().misses()).isEqualTo(1);
        assertThat(train(f, data, cache, "backbone.input-size = [40, 40]").result().cacheStats())
                .isEqualTo(new org.tl4j.core.data.FeatureCache.Stats(0, 16, 16));
    }

    @Test
    void predictGivesTheProbabilitiesOfTheEvaluation() throws Exception {
        TrainingFixture f = new TrainingFixture(dir);
        RunSummary run = train(f, f.images("a", "b", "c"));
        Predictions val = run.result().validation();
        List<Path> files = val.entries().stream().map(ImageEntry::path).toList();
        try (Predictor p = Predictor.open(run.runDirectory().model(), f.registry, null, Device.CPU, 1)) {
            Tensor probs = p.predict(files, TrainingListener.NONE).probabilities();
            assertThat(probs.maxAbsDiff(val.probabilities())).isLessThan(1e-6f);
        }
        Config eval = JsonText.read(run.runDirectory().evaluation());
        List<? extends Config> predictions = eval.getConfigList("predictions");
        assertThat(predictions).hasSize(files.size());
        List<Double> first = predictions.get(0).getDoubleList("probabilities");
        assertThat(first.get(0)).isCloseTo(val.probabilities().data()[0], within(1e-6));
    }

    @Test
    void twoPhaseFineTunesFromTheLayerAndNumbersEpochsAcrossPhases() {
        TrainingFixture f = new TrainingFixture(dir);
        RunSummary run = train(f, f.images("a", "b", "c"), "trainer { id = two-phase, epochs = 2,"
                + " fine-tune { epochs = 3, from-layer = conv2, optimizer { id = sgd, learning-rate = 0.01 } } }");
        List<EpochMetrics> h = run.result().history();
        assertThat(h).extracting(EpochMetrics::epoch).containsExactly(1, 2, 3, 4, 5);
        assertThat(h).extracting(EpochMetrics::phase).containsExactly("feature-extraction", "feature-extraction",
                "fine-tune", "fine-tune", "fine-tune");
        assertThat(h.get(2).learningRate()).isEqualTo(0.01);
        Weights w = run.result().weights();
        Weights init = ModelBundle.read(run.runDirectory().model()).weights();
        assertThat(init.get("conv2/kernel")).isEqualTo(w.get("conv2/kernel"));
        RunSummary fe = train(f, f.root.resolve("data"), "trainer.epochs = 2");
        assertThat(w.get("conv1/kernel")).isEqualTo(fe.result().weights().get("conv1/kernel"));
        assertThat(w.get("conv2/kernel")).isNotEqualTo(fe.result().weights().get("conv2/kernel"));
    }

    @Test
    void twoPhaseTakesTheFromLayerFreezerFromTheRegistryBeforeAnyEpoch() {
        TrainingFixture f = new TrainingFixture(dir);
        Path data = f.images("a", "b");
        Registry withoutFromLayer = Registry.of(List.of(new FakeBackbone(), f.backend, new LinearHead(),
                new AllFreezer(), new TwoPhaseTrainer()));
        List<String> phases = new ArrayList<>();
        TrainingListener listener = new TrainingListener() {
            @Override
            public void phaseStarted(String phase, int epochs) {
                phases.add(phase);
            }
        };
        assertThatThrownBy(() -> TransferLearning.builder().setConfig(f.config(data,
                "trainer { id = two-phase, epochs = 1, fine-tune { epochs = 1, from-layer = conv2 } }"))
                .optRegistry(withoutFromLayer).optListener(listener).build().train())
                .isInstanceOf(TlConfigException.class).hasMessageContaining("unknown freezer `from-layer`");
        assertThat(phases).isEmpty();
    }

    @Test
    void fineTuningHandsTheBatchNormModeToTheBackend() {
        TrainingFixture f = new TrainingFixture(dir);
        Path data = f.images("a", "b");
        train(f, data, "trainer { id = fine-tune, epochs = 1 }", "freezer.id = none");
        assertThat(f.backend.trainingCompileOptions).extracting(CompileOptions::batchNorm)
                .containsExactly(BatchNormMode.INFERENCE);
        f.backend.trainingCompileOptions.clear();
        train(f, data, "trainer { id = two-phase, epochs = 1, batchnorm = train, fine-tune.epochs = 1 }",
                "freezer.id = none");
        assertThat(f.backend.trainingCompileOptions).extracting(CompileOptions::batchNorm)
                .as("the fine-tuning phase; the head phase trains on features and has no base layers")
                .containsExactly(BatchNormMode.TRAIN);
    }

    @Test
    void nonFiniteLossStopsKeepingTheLastGoodEpoch() throws Exception {
        TrainingFixture f = new TrainingFixture(dir);
        RunSummary run = train(f, f.images("a", "b"), "backend.options.nan-after = 7");
        TrainingResult r = run.result();
        assertThat(r.stopReason()).isEqualTo(TrainingResult.StopReason.NON_FINITE_LOSS);
        assertThat(r.message()).contains("NaN").contains("epoch 3").contains("keeping the weights of epoch 2");
        assertThat(r.history()).hasSize(2);
        assertThat(run.runDirectory().checkpoints().resolve("epoch-0002")).isDirectory();
        for (Tensor t : r.weights().asMap().values()) {
            assertThat(t.maxAbs()).isFinite();
        }
        assertThat(run.runDirectory().model().resolve("manifest.json")).exists();
    }

    @Test
    void badImagesAreSkippedListedAndReportedOrFailTheRun() throws Exception {
        TrainingFixture f = new TrainingFixture(dir);
        Path data = f.images("<b>&\"x\"", "plain");
        Files.writeString(data.resolve("plain/broken.png"), "not a png");
        Files.write(data.resolve("plain/empty.jpg"), new byte[0]);
        RunSummary run = train(f, data);
        assertThat(run.badImages()).extracting(b -> b.path().getFileName().toString())
                .containsExactlyInAnyOrder("broken.png", "empty.jpg");
        String html = Files.readString(run.runDirectory().report());
        assertThat(html).contains("&lt;b&gt;&amp;&quot;x&quot;").doesNotContain("<b>&").contains("broken.png");
        assertThat(Files.readString(run.runDirectory().badImages())).contains("empty file");
        assertThatThrownBy(() -> train(f, data, "data.on-bad-image = fail")).isInstanceOf(DataException.class)
                .hasMessageContaining("on-bad-image = fail")
                .satisfies(e -> assertThat(e.getMessage()).as("the first bad file met").containsAnyOf("empty.jpg",
                        "broken.png"));
    }

    @Test
    void monitoringValidationWithoutValidationImagesIsAConfigError() {
        TrainingFixture f = new TrainingFixture(dir);
        Path data = f.images("a", "b");
        assertThatThrownBy(() -> train(f, data, "data.validation-split = 0",
                "trainer.early-stopping.monitor = val_loss")).hasMessageContaining("needs validation images");
    }

    @Test
    void earlyStoppingRestoresTheBestEpoch() {
        TrainingFixture f = new TrainingFixture(dir);
        RunSummary run = train(f, f.images("a", "b", "c"), "trainer { epochs = 30, optimizer { id = sgd,"
                + " learning-rate = 5 }, early-stopping { monitor = val_loss, patience = 1 } }");
        TrainingResult r = run.result();
        assertThat(r.stopReason()).isEqualTo(TrainingResult.StopReason.EARLY_STOPPED);
        double best = r.history().stream().mapToDouble(EpochMetrics::valLoss).min().orElseThrow();
        assertThat(r.history().get(r.bestEpoch() - 1).valLoss()).isEqualTo(best);
        assertThat(run.evaluation().loss()).isCloseTo(best, within(1e-6));
    }
}
