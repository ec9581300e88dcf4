package org.tl4j.core.run;

import com.typesafe.config.ConfigRenderOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.tl4j.api.DataException;
import org.tl4j.api.Tl4j;
import org.tl4j.api.TlConfigException;
import org.tl4j.api.TlException;
import org.tl4j.api.config.RunConfig;
import org.tl4j.api.graph.Graph;
import org.tl4j.api.internal.HomePaths;
import org.tl4j.api.internal.Trace;
import org.tl4j.api.weights.Weights;
import org.tl4j.core.data.BadImage;
import org.tl4j.core.data.BadImageLog;
import org.tl4j.core.data.Dataset;
import org.tl4j.core.data.DatasetSplit;
import org.tl4j.core.data.FeatureCache;
import org.tl4j.core.data.ImageDecoder;
import org.tl4j.core.internal.Background;
import org.tl4j.core.internal.PendingEngine;
import org.tl4j.core.registry.Registry;
import org.tl4j.core.registry.RunPlan;
import org.tl4j.core.train.Checkpoints;
import org.tl4j.core.train.DataSettings;
import org.tl4j.core.train.EpochMetrics;
import org.tl4j.core.train.Evaluation;
import org.tl4j.core.train.Fingerprints;
import org.tl4j.core.train.ModelParts;
import org.tl4j.core.train.TrainingContext;
import org.tl4j.core.train.TrainingListener;
import org.tl4j.core.train.TrainingResult;
import org.tl4j.core.train.TrainingSettings;
import org.tl4j.spi.Backbone;
import org.tl4j.spi.BackboneSpec;
import org.tl4j.spi.BackendEngine;
import org.tl4j.spi.BackendOptions;

/**
 * Does what {@code tl train} does, from Java: resolve the providers of a {@link RunConfig} (checking capabilities
 * before any work), read and split the images, load the base weights, open the backend, run the trainer, and write
 * the run folder — resolved config, labels, metrics, checkpoints, the model bundle, {@code evaluation.json} and
 * {@code report.html}.
 *
 * <pre>{@code
 * RunSummary run = TransferLearning.builder()
 *         .setConfig(RunConfig.load(Path.of("flowers.conf"), List.of()))
 *         .optListener(myProgressBar)
 *         .build()
 *         .train();
 * }</pre>
 */
public final class TransferLearning {
    private static final Function<Path, RunSummary> NO_BASELINE = runDir -> null;

    private final RunConfig config;
    private final Registry registry;
    private final TrainingListener listener;
    private final Path runDir;
    private final boolean resume;
    private final boolean baseline;
    private final FeatureCache features;

    private TransferLearning(Builder b) {
        this.config = b.config;
        this.registry = b.registry;
        this.listener = b.listener;
        this.runDir = b.runDir;
        this.resume = b.resume;
        this.baseline = b.baseline;
        this.features = b.features;
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * A builder that continues the run in {@code runDir} from its last checkpoint, with the run's own
     * {@code config.conf}.
     */
    public static Builder resume(Path runDir, Registry registry) {
        Path conf = runDir.resolve("config.conf");
        if (!Files.isRegularFile(conf)) {
            throw new TlConfigException(runDir + " is not a tl4j run folder (config.conf is missing)");
        }
        Builder b = new Builder();
        b.config = RunConfig.load(conf, List.of(), new java.util.Properties(), registry.classLoader());
        b.registry = registry;
        b.runDir = runDir;
        b.resume = true;
        return b;
    }

    public RunConfig config() {
        return config;
    }

    /** Trains and writes the run folder; returns what was produced. */
    public RunSummary train() {
        long t0 = System.nanoTime();
        OffsetDateTime started = OffsetDateTime.now();
        Trace.mark("train: start");
        RunPlan plan = RunPlan.of(registry, config);
        requireTrainingData();
        RunConfig pixels = baseline ? Baseline.config(config) : null;
        RunPlan pixelsPlan = baseline ? RunPlan.of(registry, pixels) : null;
        RunConfig.BackendConfig bc = config.backend();
        // the engine's natives load (about a second) while the images are listed, the weights made and hashed and
        // the first images decoded: the engine is waited for where it is first used
        try (BackendEngine engine = PendingEngine.open(plan.backend(), new BackendOptions(bc.device(), bc.threads(),
                config.seed(), bc.options())); FeatureCache own = features == null ? cache() : null) {
            FeatureCache cache = own != null ? own : features;
            // the baseline shares the engine and the feature cache, and runs into the main run's folder
            Function<Path, RunSummary> baselineRun = !baseline ? NO_BASELINE : runDir -> builder().setConfig(pixels)
                    .optRegistry(registry).optRunDirectory(runDir.resolve(Baseline.FOLDER)).build()
                    .train(pixelsPlan, engine, cache, System.nanoTime(), OffsetDateTime.now(), NO_BASELINE);
            return train(plan, engine, cache, t0, started, baselineRun);
        }
    }

    private RunSummary train(RunPlan plan, BackendEngine engine, FeatureCache cache, long t0,
            OffsetDateTime started, Function<Path, RunSummary> baselineRun) {
        // the base weights (read or made, and hashed) on a helper thread while the images are listed; not when a data
        // folder is missing, so that such a run fails at once, with nothing read or downloaded
        CompletableFuture<ModelParts> weights = dataPathsExist()
                ? Background.start("tl4j-weights", () -> modelParts(plan)) : null;
        DatasetSplit split = loadData();
        Trace.mark("data listed");
        List<String> warnings = new ArrayList<>(registry.warnings());
        warnings.addAll(split.train().warnings());
        warnings.addAll(split.validation().warnings());
        // the weights before the run folder: a weights error leaves no folder behind
        ModelParts parts = weights != null ? Background.join(weights) : modelParts(plan);
        Trace.mark("weights ready");
        boolean existed = runDir != null && Files.exists(runDir);
        RunDirectory dir = runDirectory(plan, split.train().labels());
        try {
            return train(plan, engine, cache, t0, split, parts, dir, warnings, started, baselineRun);
        } catch (RuntimeException | Error e) {
            // a run folder is complete, resumable (a checkpoint) or absent: not config.conf and labels.txt alone
            if (!resume && !existed && !dir.resumable()) {
                dir.delete();
            }
            throw e;
        }
    }

    private RunSummary train(RunPlan plan, BackendEngine engine, FeatureCache cache, long t0, DatasetSplit split,
            ModelParts parts, RunDirectory dir, List<String> warnings, OffsetDateTime started,
            Function<Path, RunSummary> baselineRun) {
        List<EpochMetrics> history = new ArrayList<>();
        Checkpoints checkpoints = new Checkpoints(dir.checkpoints());
        if (resume) {
            checkpoints.latest().ifPresent(c -> history.addAll(c.state().history()));
        }
        TensorBoardEvents tensorBoard = config.output().tensorboard() ? TensorBoardEvents.create(dir.dir()) : null;
        TrainingListener metricsFiles = new TrainingListener() {
            @Override
            public void epochDone(EpochMetrics metrics) {
                history.add(metrics);
                dir.writeMetrics(history);
                if (tensorBoard != null) {
                    tensorBoard.epoch(metrics);
                }
            }
        };
        BadImageLog bad = new BadImageLog(DataSettings.from(config).onBadImage());
        TrainingContext ctx = new TrainingContext(parts, split, DataSettings.from(config),
                TrainingSettings.from(config), engine, cache, bad, checkpoints, listener.andThen(metricsFiles),
                registry);
        TrainingResult result = plan.trainer().train(ctx);
        Trace.mark("trainer done");
        dir.writeMetrics(result.history());
        Evaluation evaluation = result.validation().entries().isEmpty() ? null
                : result.validation().evaluate(config.trainer().topK());
        if (baseline) {
            listener.info("baseline: the same head on raw pixels (backbone " + Baseline.BACKBONE + ") in "
                    + dir.dir().resolve(Baseline.FOLDER));
        }
        RunSummary pixelsRun = baselineRun.apply(dir.dir());
        Trace.mark("baseline done");
        writeOutputs(dir, plan, parts, engine, result, evaluation, pixelsRun, bad, warnings, split, started);
        Trace.mark("outputs written");
        return new RunSummary(dir, result, evaluation, bad.list(), List.copyOf(warnings),
                (System.nanoTime() - t0) / 1e9, pixelsRun);
    }

    private void requireTrainingData() {
        if (config.data().train() == null) {
            throw new TlConfigException("tl4j.data.train is required: a folder with one subfolder per class, or a"
                    + " .csv/.tsv list of path,label rows");
        }
    }

    private boolean dataPathsExist() {
        RunConfig.DataConfig d = config.data();
        return d.train() != null && Files.exists(Path.of(d.train()))
                && (d.validation() == null || Files.exists(Path.of(d.validation())));
    }

    private DatasetSplit loadData() {
        RunConfig.DataConfig d = config.data();
        requireTrainingData();
        Dataset train = Dataset.load(Path.of(d.train()));
        if (d.validation() != null) {
            return DatasetSplit.of(train, Dataset.load(Path.of(d.validation()), train.labels()));
        }
        return train.split(d.validationSplit(), config.seed());
    }

    private RunDirectory runDirectory(RunPlan plan, List<String> labels) {
        String labelText = String.join("\n", labels) + "\n";
        if (resume) {
            RunDirectory dir = RunDirectory.at(runDir);
            try {
                if (Files.exists(dir.labels()) && !Files.readString(dir.labels()).equals(labelText)) {
                    throw new DataException("the classes of " + config.data().train() + " are now " + labels
                            + ", not those of the run in " + runDir + " (" + dir.labels() + "); cannot resume");
                }
            } catch (java.io.IOException e) {
                throw new TlException("cannot read " + dir.labels() + ": " + e.getMessage(), e);
            }
            return dir;
        }
        RunDirectory dir = runDir != null ? RunDirectory.at(runDir) : RunDirectory.create(
                HomePaths.expand(config.output().dir()), plan.backbone().id() + "-" + plan.trainer().id());
        dir.write(dir.config(), withoutLocalPaths(config.source().withOnlyPath("tl4j").root()
                .render(ConfigRenderOptions.defaults().setOriginComments(true).setJson(false))));
        dir.write(dir.labels(), labelText);
        return dir;
    }

    /**
     * The rendered config with the origins inside this installation reduced to the file's name: {@code reference.conf
     * @ jar:file:///home/…/tl-api-0.1.0.jar!/reference.conf} becomes {@code reference.conf @ tl-api-0.1.0.jar!/…}, so
     * that {@code config.conf} and the model manifest that embeds it say which module a default came from, not where
     * tl4j was installed on the machine that trained.
     */
    static String withoutLocalPaths(String rendered) {
        return rendered.replaceAll("jar:file:[^\\s!]*?([^/\\s!]+\\.jar)!/", "$1!/")
                .replaceAll("file:[^\\s!]*/([^/\\s!]+)", "$1");
    }

    private ModelParts modelParts(RunPlan plan) {
        RunConfig.BackboneConfig b = config.backbone();
        Backbone backbone = plan.backbone();
        BackboneSpec spec = b.spec();
        Graph base = backbone.graph(spec);
        Weights weights = ModelParts.baseWeights(config, backbone, spec, base);
        listener.info("base weights: " + b.weights() + " (" + weights.size() + " tensors)");
        return new ModelParts(backbone, spec, base, weights, Fingerprints.weights(weights), b.weights(),
                plan.head(), config.head().options(), plan.freezer(), config.freezer().options());
    }

    private FeatureCache cache() {
        return switch (config.data().cacheMode()) {
            case DISK -> FeatureCache.onDisk(HomePaths.expand(config.data().cacheDir()));
            case NONE -> FeatureCache.none();
            case MEMORY -> FeatureCache.inMemory();
        };
    }

    private void writeOutputs(RunDirectory dir, RunPlan plan, ModelParts parts, BackendEngine engine,
            TrainingResult result, Evaluation evaluation, RunSummary pixelsRun, BadImageLog bad,
            List<String> warnings, DatasetSplit split, OffsetDateTime started) {
        List<String> labels = split.train().labels();
        RunConfig.BackboneConfig b = config.backbone();
        String renderedConfig = dir.config().toFile().exists() ? read(dir.config()) : "";
        Manifest draft = new Manifest(Manifest.FORMAT, Tl4j.version(), labels,
                new Manifest.BackboneSection(plan.backbone().id(), b.height(), b.width(), b.alpha(),
                        b.spec().options().root().render(ConfigRenderOptions.concise()), b.weights(),
                        parts.weightsHash()),
                parts.preprocessing(), config.data().crop(), config.data().jpegDecoder(), config.data().icc(),
                parts.pooled(labels.size()),
                new Manifest.HeadSection(plan.head().id(),
                        config.head().options().root().render(ConfigRenderOptions.concise()),
                        Manifest.describe(result.headGraph())),
                plan.trainer().id(),
                new Manifest.BackendSection(plan.backend().id(), plan.backend().engineVersion(), engine.device()),
                config.seed(), renderedConfig, result.bestEpoch(), result.stopReason().name().toLowerCase(Locale.ROOT),
                ModelBundle.WEIGHTS, "");
        Weights model = result.weights().forLayers(layers(result.featureGraph().then(result.headGraph())));
        ModelBundle.write(dir.model(), draft, model);
        if (evaluation != null) {
            Map<String, Object> report = EvaluationReport.toMap(evaluation, result.validation(), labels, bad.list());
            if (pixelsRun != null) {
                report.put("baseline", Baseline.toMap(pixelsRun, evaluation));
            }
            dir.write(dir.evaluation(), JsonText.pretty(report));
        }
        StringBuilder badText = new StringBuilder();
        bad.list().forEach(x -> badText.append(x.path()).append('\t').append(x.reason()).append('\n'));
        dir.write(dir.badImages(), badText.toString());
        RunConfig.OutputConfig out = config.output();
        dir.write(dir.report(), HtmlReport.builder().setTitle("tl4j run " + dir.dir().getFileName())
                .setLabels(labels).optSummary(summary(plan, result, evaluation, pixelsRun, split, engine,
                        bad.list()))
                .optHistory(result.history(), result.bestEpoch()).optValidation(evaluation, result.validation())
                .optTopLosses(out.topLosses()).optThumbnails(new ImageDecoder(config.data().maxPixels()),
                        out.thumbnailSize())
                .optBaseline(evaluation == null || pixelsRun == null || pixelsRun.evaluation() == null ? null
                        : new BaselineLift(Baseline.BACKBONE, pixelsRun.evaluation().accuracy(), evaluation.accuracy()))
                .optBadImages(bad.list()).optWarnings(warnings)
                .optProvenance(RunProvenance.of(config, split, backend(plan, engine), renderedConfig,
                        started)).render());
    }

    private static String backend(RunPlan plan, BackendEngine engine) {
        return plan.backend().id() + " (" + plan.backend().engineVersion() + ") on " + engine.device();
    }

    private Map<String, String> summary(RunPlan plan, TrainingResult r, Evaluation e, RunSummary pixelsRun,
            DatasetSplit split, BackendEngine engine, List<BadImage> bad) {
        Map<String, String> s = new LinkedHashMap<>();
        RunConfig.BackboneConfig b = config.backbone();
        s.put("backbone", plan.backbone().id() + " " + b.spec() + ", weights " + b.weights());
        s.put("head", plan.head().id());
        s.put("trainer", plan.trainer().id());
        s.put("backend", backend(plan, engine));
        s.put("classes", String.valueOf(split.train().labels().size()));
        // the images used, as the evaluation line counts them: bad images are skipped, counted on their own
        List<Path> skipped = bad.stream().map(BadImage::path).toList();
        s.put("images", split.train().without(skipped).size() + " training, "
                + split.validation().without(skipped).size() + " validation"
                + (bad.isEmpty() ? "" : ", " + bad.size() + " skipped (unreadable)"));
        s.put("epochs", r.history().size() + ", best " + r.bestEpoch());
        s.put("ended", r.message());
        if (e != null) {
            s.put("validation accuracy", String.format(Locale.ROOT, "%.4f (top-%d %.4f)", e.accuracy(), e.topK(),
                    e.topKAccuracy()));
        }
        if (e != null && pixelsRun != null) {
            // the transfer lift: two rows of the summary table, so that the report needs no layout of its own
            s.put("baseline accuracy", String.format(Locale.ROOT, "%.4f (backbone %s, in %s/)",
                    pixelsRun.evaluation().accuracy(), Baseline.BACKBONE, Baseline.FOLDER));
            s.put("transfer lift", Baseline.liftText(e, pixelsRun.evaluation()));
        }
        FeatureCache.Stats c = r.cacheStats();
        s.put("feature cache", c.hits() + " hits, " + c.misses() + " misses, " + c.writes() + " written ("
                + config.data().cacheMode().id() + ")");
        s.put("features time", String.format(Locale.ROOT, "%.1f s", r.featureSeconds()));
        s.put("seed", String.valueOf(config.seed()));
        s.put("tl4j", Tl4j.version());
        return s;
    }

    private static java.util.Set<String> layers(Graph g) {
        java.util.Set<String> out = new java.util.HashSet<>();
        g.nodes().forEach(n -> out.add(n.name()));
        return out;
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (java.io.IOException e) {
            throw new TlException("cannot read " + p + ": " + e.getMessage(), e);
        }
    }

    /** Builds a {@link TransferLearning}: {@code set…} for required values, {@code opt…} for optional ones. */
    public static final class Builder {
        private RunConfig config;
        private Registry registry;
        private TrainingListener listener = TrainingListener.NONE;
        private Path runDir;
        private boolean resume;
        private boolean baseline;
        private FeatureCache features;

        private Builder() {
        }

        /** The run's configuration (required). */
        public Builder setConfig(RunConfig runConfig) {
            this.config = runConfig;
            return this;
        }

        /** The providers to use (default: {@link Registry#discover()}). */
        public Builder optRegistry(Registry providers) {
            this.registry = providers;
            return this;
        }

        /** Progress callbacks. */
        public Builder optListener(TrainingListener progress) {
            this.listener = progress;
            return this;
        }

        /** The exact run folder (default: a new dated folder inside {@code tl4j.output.dir}). */
        public Builder optRunDirectory(Path dir) {
            this.runDir = dir;
            return this;
        }

        /**
         * Whether to train the raw-pixel {@link Baseline} beside the run (default false): same data, split, seed and
         * head, in the run folder's {@code baseline/}; {@code evaluation.json} and {@code report.html} show the lift.
         */
        public Builder optBaseline(boolean trainBaseline) {
            this.baseline = trainBaseline;
            return this;
        }

        /**
         * Features to look up before the base runs, e.g. computed on a cluster by tl-spark (the caller keeps and
         * closes it); default: the cache {@code tl4j.data.cache} names.
         */
        public Builder optFeatureCache(FeatureCache cache) {
            this.features = cache;
            return this;
        }

        public TransferLearning build() {
            if (config == null) {
                throw new TlConfigException("TransferLearning needs a RunConfig (setConfig)");
            }
            if (registry == null) {
                registry = Registry.discover();
            }
            return new TransferLearning(this);
        }
    }
}
