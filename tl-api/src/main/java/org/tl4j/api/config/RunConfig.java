package org.tl4j.api.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.regex.Pattern;
import org.apiguardian.api.API;
import org.tl4j.api.config.Options.Bound;
import org.tl4j.spi.BackboneSpec;
import org.tl4j.spi.BatchNormMode;
import org.tl4j.spi.Device;
import org.tl4j.spi.OptimizerSpec;

/**
 * A run's whole configuration, parsed once from HOCON into immutable records and validated at construction:
 * every problem names the key, the value, its file:line and what is allowed.
 *
 * @param source the resolved config (the {@code tl4j} tree with the origin of every value)
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public record RunConfig(long seed, BackboneConfig backbone, HeadConfig head, FreezerConfig freezer,
        BackendConfig backend, DataConfig data, TrainerConfig trainer, OutputConfig output, Config source) {

    /** Loads a run file (or the defaults when {@code file} is null) with {@code --set} overrides. */
    public static RunConfig load(Path file, List<String> sets) {
        return load(file, sets, System.getProperties(), RunConfig.class.getClassLoader());
    }

    /** Loads with explicit system properties and the class loader whose reference.conf files apply. */
    public static RunConfig load(Path file, List<String> sets, Properties props, ClassLoader loader) {
        return from(new ConfigLoader(loader).load(file, sets, props));
    }

    /** Parses and validates an already merged config. */
    public static RunConfig from(Config resolved) {
        Problems problems = new Problems();
        Options t = new Options(resolved.getConfig("tl4j"), "tl4j", problems);
        RunConfig rc = new RunConfig(t.longValue("seed"), BackboneConfig.from(t.child("backbone")),
                HeadConfig.from(t.child("head")), FreezerConfig.from(t.child("freezer")),
                BackendConfig.from(t.child("backend")), DataConfig.from(t.child("data")),
                TrainerConfig.from(t.child("trainer")), OutputConfig.from(t.child("output")), resolved);
        problems.throwIfAny();
        return rc;
    }

    /** {@code tl4j.backbone}. */
    public record BackboneConfig(String id, double alpha, int height, int width, String weights, String weightsHash,
            String cacheDir, String kerasCacheDir, boolean offline, Config options) {
        private static final Pattern DIGEST = Pattern.compile("[0-9a-fA-F]{32}|[0-9a-fA-F]{64}");

        static BackboneConfig from(Options o) {
            List<Integer> size = o.ints("input-size", 1, 2, 32, 8192);
            int h = size.isEmpty() ? 224 : size.get(0);
            int w = size.size() > 1 ? size.get(1) : h;
            String hash = o.stringOrNull("weights-hash");
            if (hash != null && !DIGEST.matcher(hash.strip()).matches()) {
                o.problem("weights-hash", "\"" + hash + "\" is not a digest; use the file's MD5 (32 hex digits, md5sum)"
                        + " or SHA-256 (64 hex digits, sha256sum), or null");
            }
            return new BackboneConfig(o.string("id"), o.doubleIn("alpha", 0, 10, Bound.EXCLUSIVE), h, w,
                    o.string("weights"), hash == null ? null : hash.strip(), o.string("cache-dir"),
                    o.string("keras-cache-dir"), o.bool("offline"), o.config());
        }

        /** The spec handed to the backbone provider. */
        public BackboneSpec spec() {
            Config opts = options.hasPath("options") ? options.getConfig("options") : ConfigFactory.empty();
            return new BackboneSpec(height, width, alpha, opts);
        }
    }

    /** {@code tl4j.head}; {@code options} is the whole subtree for the head provider. */
    public record HeadConfig(String id, double dropout, List<Integer> hidden, Config options) {
        static HeadConfig from(Options o) {
            return new HeadConfig(o.string("id"), o.doubleIn("dropout", 0, 0.99, Bound.INCLUSIVE),
                    o.ints("hidden", 0, 16, 1, 1 << 20), o.config());
        }
    }

    /** {@code tl4j.freezer}; {@code options} is the whole subtree for the freezer provider. */
    public record FreezerConfig(String id, Config options) {
        static FreezerConfig from(Options o) {
            o.intIn("blocks", 1, 10_000);
            return new FreezerConfig(o.string("id"), o.config());
        }
    }

    /** {@code tl4j.backend}. */
    public record BackendConfig(String id, Device device, int threads, Config options) {
        static BackendConfig from(Options o) {
            return new BackendConfig(o.string("id"), o.oneOf("device", Device.class, Device::id),
                    o.intIn("threads", 0, 1024), o.config());
        }
    }

    /** {@code tl4j.data}. */
    public record DataConfig(String train, String validation, double validationSplit, int batchSize,
            OnBadImage onBadImage, long maxPixels, JpegDecoding jpegDecoder, IccProfiles icc, CropMode crop,
            ClassWeighting classWeights, AugmentConfig augment, CacheMode cacheMode, String cacheDir) {
        static DataConfig from(Options o) {
            return new DataConfig(o.stringOrNull("train"), o.stringOrNull("validation"),
                    o.doubleIn("validation-split", 0, 0.9, Bound.INCLUSIVE), o.intIn("batch-size", 1, 65_536),
                    o.oneOf("on-bad-image", OnBadImage.class, OnBadImage::id),
                    o.intIn("max-pixels", 1, Integer.MAX_VALUE),
                    o.oneOf("jpeg-decoder", JpegDecoding.class, JpegDecoding::id),
                    o.oneOf("icc", IccProfiles.class, IccProfiles::id), o.oneOf("crop", CropMode.class, CropMode::id),
                    o.oneOf("class-weights", ClassWeighting.class, ClassWeighting::id),
                    AugmentConfig.from(o.child("augment")), o.oneOf("cache.mode", CacheMode.class, CacheMode::id),
                    o.string("cache.dir"));
        }
    }

    /** {@code tl4j.data.augment}. */
    public record AugmentConfig(FlipMode flip, double rotation, double zoom, double translation, double contrast,
            int views) {
        static AugmentConfig from(Options o) {
            return new AugmentConfig(o.oneOf("flip", FlipMode.class, FlipMode::configId),
                    o.doubleIn("rotation", 0, 1, Bound.INCLUSIVE), o.doubleIn("zoom", 0, 0.9, Bound.INCLUSIVE),
                    o.doubleIn("translation", 0, 0.9, Bound.INCLUSIVE), o.doubleIn("contrast", 0, 1, Bound.INCLUSIVE),
                    o.intIn("views", 1, 1000));
        }

        /** Whether any augmentation is on. */
        public boolean enabled() {
            return flip != FlipMode.NONE || rotation > 0 || zoom > 0 || translation > 0 || contrast > 0;
        }
    }

    /** {@code tl4j.trainer}; {@code options} is the whole subtree for the trainer provider. */
    public record TrainerConfig(String id, int epochs, OptimizerConfig optimizer, double l2, BatchNormMode batchNorm,
            ScheduleConfig schedule, EarlyStoppingConfig earlyStopping, FineTuneConfig fineTune, int topK,
            Config options) {
        static TrainerConfig from(Options o) {
            BatchNormMode bn = o.oneOf("batchnorm", BatchNormMode.class, BatchNormMode::id);
            return new TrainerConfig(o.string("id"), o.intIn("epochs", 1, 100_000),
                    OptimizerConfig.from(o.child("optimizer")), o.doubleIn("l2", 0, 1, Bound.INCLUSIVE), bn,
                    ScheduleConfig.from(o.child("schedule")), EarlyStoppingConfig.from(o.child("early-stopping")),
                    FineTuneConfig.from(o.child("fine-tune")), o.intIn("top-k", 1, 100), o.config());
        }
    }

    /** An optimizer section. */
    public record OptimizerConfig(OptimizerSpec.Kind id, double learningRate, double momentum) {
        static OptimizerConfig from(Options o) {
            return new OptimizerConfig(o.oneOf("id", OptimizerSpec.Kind.class, OptimizerSpec.Kind::id),
                    o.doubleIn("learning-rate", 0, 10, Bound.EXCLUSIVE), o.doubleIn("momentum", 0, 0.9999,
                            Bound.INCLUSIVE));
        }
    }

    /** {@code tl4j.trainer.schedule}. */
    public record ScheduleConfig(ScheduleKind id, double factor, int stepEpochs, int patience,
            double minLearningRate) {
        static ScheduleConfig from(Options o) {
            return new ScheduleConfig(o.oneOf("id", ScheduleKind.class, ScheduleKind::id),
                    o.doubleIn("factor", 0, 1, Bound.EXCLUSIVE), o.intIn("step-epochs", 1, 100_000),
                    o.intIn("patience", 0, 100_000), o.doubleIn("min-learning-rate", 0, 10, Bound.INCLUSIVE));
        }
    }

    /** {@code tl4j.trainer.early-stopping}. */
    public record EarlyStoppingConfig(Monitor monitor, int patience, boolean restoreBest) {
        static EarlyStoppingConfig from(Options o) {
            return new EarlyStoppingConfig(o.oneOf("monitor", Monitor.class, Monitor::id), o.intIn("patience", 0, 100_000), o.bool("restore-best"));
        }
    }

    /** {@code tl4j.trainer.fine-tune}: the second phase of {@code two-phase}. */
    public record FineTuneConfig(int epochs, String fromLayer, OptimizerConfig optimizer) {
        static FineTuneConfig from(Options o) {
            return new FineTuneConfig(o.intIn("epochs", 1, 100_000), o.stringOrNull("from-layer"),
                    OptimizerConfig.from(o.child("optimizer")));
        }
    }

    /**
     * {@code tl4j.output}.
     *
     * @param dir         the folder that holds the run folders
     * @param tensorboard whether scalar event files for TensorBoard are written into the run folder
     * @param topLosses   how many of the validation images with the highest loss the report shows
     * @param thumbnailSize the longest side of the report's thumbnails, in pixels
     */
    public record OutputConfig(String dir, boolean tensorboard, int topLosses, int thumbnailSize) {
        static OutputConfig from(Options o) {
            return new OutputConfig(o.string("dir"), o.bool("tensorboard"), o.intIn("report.top-losses", 0, 1000),
                    o.intIn("report.thumbnail-size", 8, 96));
        }
    }
}
