package org.tl4j.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.tl4j.api.TlConfigException;
import org.tl4j.api.config.RunConfig;
import org.tl4j.api.internal.Trace;
import org.tl4j.core.registry.Registry;
import org.tl4j.core.run.Baseline;
import org.tl4j.core.run.RunSummary;
import org.tl4j.core.run.TransferLearning;
import org.tl4j.core.train.Evaluation;
import org.tl4j.core.train.TrainingResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code tl train}: a thin layer over {@link TransferLearning}. */
@Command(name = "train", description = "Train a classifier from a run file; writes a run folder (model, metrics,"
        + " evaluation, report.html).")
final class TrainCommand implements Callable<Integer> {
    @ParentCommand
    Main main;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", paramLabel = "CONF", description = "The run file (HOCON).")
    Path file;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Override a value (repeatable).")
    List<String> sets = new ArrayList<>();

    @Option(names = "--resume", paramLabel = "RUN_DIR", description = "Continue a run from its last checkpoint.")
    Path resume;

    @Option(names = "--json-log", description = "Progress as JSON lines on stderr.")
    boolean jsonLog;

    @Option(names = "--baseline", description = "Also train the same head on raw pixels (backbone pixels) with the"
            + " same data, split and seed, and show the transfer lift.")
    boolean baseline;

    @Override
    public Integer call() {
        Trace.mark("cli: train");
        Registry registry = main.registry();
        Trace.mark("cli: registry");
        ProgressPrinter progress = new ProgressPrinter(spec.commandLine().getErr(),
                ProgressPrinter.mode(main.quiet, jsonLog));
        TransferLearning.Builder builder;
        if (resume != null) {
            if (file != null || !sets.isEmpty()) {
                throw new TlConfigException("--resume continues a run with its own config.conf; give no CONF or --set");
            }
            if (baseline) {
                throw new TlConfigException("--baseline cannot be added to a resumed run; give it to tl train CONF");
            }
            builder = TransferLearning.resume(resume, registry);
        } else {
            if (file == null) {
                throw new TlConfigException("tl train needs a run file (CONF) or --resume RUN_DIR");
            }
            builder = TransferLearning.builder()
                    .setConfig(main.loadConfig(file, sets, spec.commandLine().getErr()));
        }
        RunSummary run = builder.optRegistry(registry).optListener(progress).optBaseline(baseline).build().train();
        run.warnings().forEach(progress::warn);
        print(run, spec.commandLine().getOut());
        if (run.result().stopReason() == TrainingResult.StopReason.NON_FINITE_LOSS) {
            // as Keras's TerminateOnNaN, but a failure: the model is the last good epoch's, not a trained one
            spec.commandLine().getErr().println("error: " + run.result().message() + "; the run folder "
                    + run.runDirectory().dir() + " keeps it (tl train --resume continues from its checkpoint)");
            return Main.EXIT_FAILURE;
        }
        return 0;
    }

    private static void print(RunSummary run, PrintWriter out) {
        out.println("run folder: " + run.runDirectory().dir());
        out.println(run.result().message());
        Evaluation e = run.evaluation();
        if (e != null) {
            out.println(String.format(Locale.ROOT, "validation: accuracy %.4f, top-%d %.4f, loss %.4f on %d images",
                    e.accuracy(), e.topK(), e.topKAccuracy(), e.loss(), e.examples()));
        }
        RunSummary b = run.baseline();
        if (e != null && b != null && b.evaluation() != null) {
            out.println(String.format(Locale.ROOT, "baseline (%s): accuracy %.4f, loss %.4f on %d images; %.1f s",
                    Baseline.BACKBONE, b.evaluation().accuracy(), b.evaluation().loss(), b.evaluation().examples(),
                    b.seconds()));
            out.println("transfer lift: " + Baseline.liftText(e, b.evaluation()));
        }
        var c = run.result().cacheStats();
        out.println(String.format(Locale.ROOT, "features: %.1f s (cache: %d hits, %d misses); total %.1f s",
                run.result().featureSeconds(), c.hits(), c.misses(), run.seconds()));
        if (!run.badImages().isEmpty()) {
            out.println(run.badImages().size() + " bad image(s) skipped; see "
                    + run.runDirectory().badImages());
        }
        out.println("model: " + run.runDirectory().model());
    }
}
