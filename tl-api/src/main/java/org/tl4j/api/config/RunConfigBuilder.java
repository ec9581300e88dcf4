package org.tl4j.api.config;

import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigValueFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apiguardian.api.API;
import org.tl4j.api.TlConfigException;

/**
 * Builds a {@link RunConfig} in Java, without writing HOCON: every method sets one key of the {@code tl4j} tree,
 * exactly as {@code --set key=value} does on the command line, over an optional run file and the reference.conf
 * defaults. {@link #build()} validates like {@code tl config}: an unknown key, a wrong type or a value out of range
 * is a {@link TlConfigException} naming the key ({@code (--set …)} is its origin) and what is allowed.
 *
 * <pre>{@code
 * RunConfig config = new RunConfigBuilder()
 *         .optBackbone("mobilenet_v2").optInputSize(160, 160).optWeights("imagenet")
 *         .optHead("linear").optDropout(0.2)
 *         .optTrainData(Path.of("data/flowers/flower_photos"))
 *         .set("data.augment.flip", "horizontal")
 *         .build();
 * }</pre>
 *
 * <p>The typed {@code opt…} methods cover the keys of the seed workflow; {@link #set(String, Object)} reaches every
 * other key (docs/CONFIG.md lists them). System properties ({@code -Dtl4j.…}) are not read: a program's
 * configuration is what it says.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class RunConfigBuilder {
    private static final String ROOT = "tl4j.";

    private final Map<String, String> values = new LinkedHashMap<>();
    private Path file;
    private ClassLoader classLoader = RunConfigBuilder.class.getClassLoader();

    /** A builder over the reference.conf defaults. */
    public RunConfigBuilder() {
    }

    /** A run file whose values the builder's settings override (default: none, only the defaults). */
    public RunConfigBuilder optFile(Path runFile) {
        this.file = runFile;
        return this;
    }

    /**
     * The class loader whose reference.conf files give the defaults and the known keys (default: tl4j's own; pass
     * {@code registry.classLoader()} when plugins ship a reference.conf).
     */
    public RunConfigBuilder optClassLoader(ClassLoader loader) {
        this.classLoader = loader;
        return this;
    }

    /**
     * Sets any key below {@code tl4j} (the prefix is optional), as {@code --set key=value} does; a later call for the
     * same key wins. The value is a string, number, boolean, {@link Path}, list of those, or null.
     */
    public RunConfigBuilder set(String key, Object value) {
        String k = key.startsWith(ROOT) ? key.substring(ROOT.length()) : key;
        values.remove(k);
        values.put(k, render(value));
        return this;
    }

    /** {@code tl4j.seed}: splits, shuffling, dropout and random initialisation. */
    public RunConfigBuilder optSeed(long seed) {
        return set("seed", seed);
    }

    /** {@code tl4j.backbone.id}, e.g. {@code mobilenet_v2}. */
    public RunConfigBuilder optBackbone(String id) {
        return set("backbone.id", id);
    }

    /** {@code tl4j.backbone.input-size}: input height and width in pixels. */
    public RunConfigBuilder optInputSize(int height, int width) {
        return set("backbone.input-size", List.of(height, width));
    }

    /** {@code tl4j.backbone.alpha}: MobileNetV2's width multiplier. */
    public RunConfigBuilder optAlpha(double alpha) {
        return set("backbone.alpha", alpha);
    }

    /** {@code tl4j.backbone.weights}: {@code imagenet}, {@code none} or the path of a weights file. */
    public RunConfigBuilder optWeights(String weights) {
        return set("backbone.weights", weights);
    }

    /** {@code tl4j.head.id}, e.g. {@code linear} (GlobalAveragePooling → Dropout → Dense softmax). */
    public RunConfigBuilder optHead(String id) {
        return set("head.id", id);
    }

    /** {@code tl4j.head.dropout}: the dropout rate before each Dense layer of the head. */
    public RunConfigBuilder optDropout(double rate) {
        return set("head.dropout", rate);
    }

    /** {@code tl4j.freezer.id}: {@code all} freezes the whole base, as Keras's {@code base.trainable = False}. */
    public RunConfigBuilder optFreezer(String id) {
        return set("freezer.id", id);
    }

    /** {@code tl4j.trainer.id}, e.g. {@code feature-extraction}. */
    public RunConfigBuilder optTrainer(String id) {
        return set("trainer.id", id);
    }

    /** {@code tl4j.trainer.epochs}. */
    public RunConfigBuilder optEpochs(int epochs) {
        return set("trainer.epochs", epochs);
    }

    /** {@code tl4j.trainer.optimizer.id} and {@code learning-rate}, e.g. {@code ("adam", 0.001)}. */
    public RunConfigBuilder optOptimizer(String id, double learningRate) {
        return set("trainer.optimizer.id", id).set("trainer.optimizer.learning-rate", learningRate);
    }

    /** {@code tl4j.backend.id}: {@code tensorflow} or {@code djl}. */
    public RunConfigBuilder optBackend(String id) {
        return set("backend.id", id);
    }

    /** {@code tl4j.data.train}: a folder with one subfolder per class, or a .csv/.tsv list. */
    public RunConfigBuilder optTrainData(Path images) {
        return set("data.train", images);
    }

    /** {@code tl4j.data.validation}: validation images, in the same forms as the training images. */
    public RunConfigBuilder optValidationData(Path images) {
        return set("data.validation", images);
    }

    /** {@code tl4j.data.validation-split}: the share of training images held out when there is no validation set. */
    public RunConfigBuilder optValidationSplit(double share) {
        return set("data.validation-split", share);
    }

    /** {@code tl4j.data.batch-size}. */
    public RunConfigBuilder optBatchSize(int size) {
        return set("data.batch-size", size);
    }

    /** {@code tl4j.output.dir}: each run gets its own folder inside this one. */
    public RunConfigBuilder optOutputDir(Path dir) {
        return set("output.dir", dir);
    }

    /** The settings as {@code --set} assignments, in the order they apply. */
    public List<String> assignments() {
        List<String> sets = new ArrayList<>();
        values.forEach((k, v) -> sets.add(ROOT + k + "=" + v));
        return List.copyOf(sets);
    }

    /** Merges defaults, run file and settings, and validates; throws a {@link TlConfigException} on any problem. */
    public RunConfig build() {
        return RunConfig.load(file, assignments(), new Properties(), classLoader);
    }

    private static String render(Object value) {
        Object v = value instanceof Path p ? p.toString() : value;
        if (v instanceof List<?> list) {
            v = list.stream().map(x -> x instanceof Path p ? p.toString() : x).toList();
        }
        try {
            return ConfigValueFactory.fromAnyRef(v).render(ConfigRenderOptions.concise());
        } catch (com.typesafe.config.ConfigException.BugOrBroken e) {
            throw new TlConfigException("cannot set a value of type " + value.getClass().getName()
                    + "; use a string, number, boolean, Path, list or null", e);
        }
    }
}
