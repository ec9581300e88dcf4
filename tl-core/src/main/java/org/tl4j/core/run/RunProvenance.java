package org.tl4j.core.run;

import java.io.IOException;
import java.nio.file.Files;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.tl4j.api.Tl4j;
import org.tl4j.api.config.Monitor;
import org.tl4j.api.config.RunConfig;
import org.tl4j.core.data.ContentHash;
import org.tl4j.core.data.Dataset;
import org.tl4j.core.data.DatasetSplit;
import org.tl4j.core.data.ImageEntry;

/**
 * Where a run came from, for the report: when, which tl4j (and git commit when run from a checkout), which JVM,
 * backend and engine, how it was optimised, which data (with a content hash of each listing) and the resolved config.
 *
 * @param date         when the run started, ISO-8601 with offset
 * @param tl4jVersion  {@link Tl4j#version()}
 * @param gitCommit    the checkout's commit, when the code was built in one
 * @param java         the JVM's version and vendor
 * @param os           operating system and architecture
 * @param backend      backend id, engine and version, device
 * @param optimizer    optimizer(s) and learning rate(s), per phase
 * @param schedule     the learning-rate schedule
 * @param earlyStopping the early-stopping rule
 * @param data         the training and validation data
 * @param config       the resolved config as written to {@code config.conf}
 */
public record RunProvenance(String date, String tl4jVersion, Optional<String> gitCommit, String java, String os,
        String backend, String optimizer, String schedule, String earlyStopping, List<DataSource> data,
        String config) {

    /**
     * One data source.
     *
     * @param role        {@code training} or {@code validation}
     * @param source      the folder or list file (or what the set was split from)
     * @param images      the images listed (bad images included; they are listed in the report)
     * @param classes     the classes
     * @param listingHash SHA-256 of the listing: one {@code name TAB class TAB bytes} line per image, in order
     */
    public record DataSource(String role, String source, int images, int classes, String listingHash) {
    }

    /** The provenance of a run with {@code config} on {@code split}, started at {@code started}. */
    public static RunProvenance of(RunConfig config, DatasetSplit split, String backend, String configText,
            OffsetDateTime started) {
        RunConfig.TrainerConfig t = config.trainer();
        RunConfig.DataConfig d = config.data();
        List<DataSource> data = new ArrayList<>();
        data.add(source("training", d.train(), split.train()));
        data.add(source("validation", d.validation() != null ? d.validation()
                : String.format(Locale.ROOT, "%s (%.0f %% split off, seed %d)", d.train(), 100 * d.validationSplit(),
                        config.seed()), split.validation()));
        return new RunProvenance(started.truncatedTo(ChronoUnit.SECONDS).toString(), Tl4j.version(),
                GitCheckout.ofRunningCode(), System.getProperty("java.vm.name") + " " + Runtime.version() + " ("
                + System.getProperty("java.vendor") + ")", System.getProperty("os.name") + " "
                + System.getProperty("os.arch"), backend, optimizer(t, d.batchSize()), schedule(t), earlyStopping(t), data,
                configText);
    }

    /** SHA-256 over one {@code name TAB class TAB bytes} line per image (bytes -1 when unreadable), in order. */
    public static String listingHash(Dataset d) {
        StringBuilder s = new StringBuilder(d.size() * 48);
        for (ImageEntry e : d.entries()) {
            long bytes;
            try {
                bytes = Files.size(e.path());
            } catch (IOException x) {
                bytes = -1;
            }
            s.append(e.name()).append('\t').append(e.label() < 0 ? "" : d.labels().get(e.label())).append('\t')
                    .append(bytes).append('\n');
        }
        return ContentHash.sha256(s.toString());
    }

    private static DataSource source(String role, String path, Dataset d) {
        return new DataSource(role, path == null ? "" : path, d.size(), d.labels().size(),
                listingHash(d));
    }

    private static String optimizer(RunConfig.TrainerConfig t, int batchSize) {
        String first = describe(t.optimizer()) + ", batches of " + batchSize;
        if (!t.id().equals("two-phase")) {
            return first + (t.l2() > 0 ? ", L2 " + num(t.l2()) : "");
        }
        return t.epochs() + " feature-extraction epochs: " + first + "; " + t.fineTune().epochs()
                + " fine-tune epochs from " + (t.fineTune().fromLayer() == null ? "the freezer's layer" : "layer " + t.fineTune().fromLayer())
                + ": " + describe(t.fineTune().optimizer()) + (t.l2() > 0 ? "; L2 " + num(t.l2()) : "");
    }

    private static String describe(RunConfig.OptimizerConfig o) {
        return o.id().id() + ", learning rate " + num(o.learningRate()) + (o.momentum() > 0 ? ", momentum "
                + num(o.momentum()) : "");
    }

    private static String schedule(RunConfig.TrainerConfig t) {
        RunConfig.ScheduleConfig s = t.schedule();
        return switch (s.id()) {
            case STEP -> "step: × " + num(s.factor()) + " every " + s.stepEpochs() + " epochs";
            case COSINE -> "cosine decay over each phase, down to " + num(s.minLearningRate());
            case REDUCE_ON_PLATEAU -> "reduce-on-plateau: × " + num(s.factor()) + " after " + s.patience()
                    + " epochs without improvement, down to " + num(s.minLearningRate());
            case CONSTANT -> s.id().id();
        };
    }

    private static String earlyStopping(RunConfig.TrainerConfig t) {
        RunConfig.EarlyStoppingConfig e = t.earlyStopping();
        return e.monitor() == Monitor.NONE ? "none" : "on " + e.monitor().id() + ", patience " + e.patience()
                + (e.restoreBest() ? ", best weights restored" : ", last weights kept");
    }

    private static String num(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e6 ? String.valueOf((long) v)
                : String.format(Locale.ROOT, "%.6g", v).replaceAll("0+(e|$)", "$1").replaceAll("\\.(e|$)", "$1");
    }
}
