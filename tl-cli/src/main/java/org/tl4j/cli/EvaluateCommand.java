package org.tl4j.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.tl4j.core.data.Dataset;
import org.tl4j.core.run.EvaluationReport;
import org.tl4j.core.run.JsonText;
import org.tl4j.core.run.Predictor;
import org.tl4j.core.train.Evaluation;
import org.tl4j.core.train.Predictions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code tl evaluate}: a model bundle's metrics on labelled images. */
@Command(name = "evaluate", description = "Evaluate a model bundle on a labelled folder or CSV/TSV list.")
final class EvaluateCommand implements Callable<Integer> {
    @ParentCommand
    Main main;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "MODEL", description = "The model bundle folder (or its run folder).")
    Path model;

    @Parameters(index = "1", paramLabel = "DATA", description = "Class folders or a path,label list.")
    Path data;

    @Option(names = "--top-k", paramLabel = "K", defaultValue = "5", description = "k of top-k accuracy.")
    int topK;

    @Option(names = "--out", paramLabel = "FILE", description = "Write the full evaluation as JSON.")
    Path outFile;

    @Option(names = "--force", description = "Replace the --out file if it exists.")
    boolean force;

    @Option(names = "--json", description = "Print the evaluation as JSON.")
    boolean json;

    @Mixin
    ModelOptions modelOptions;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        ProgressPrinter progress = new ProgressPrinter(spec.commandLine().getErr(),
                ProgressPrinter.mode(main.quiet || json, false));
        if (outFile != null) {
            OutputGuard.refuseOverwritingInputs(outFile, "--out", model, data);
            OutputGuard.refuseExisting(outFile, force, "--out");
        }
        try (Predictor p = modelOptions.open(model, main.registry())) {
            Dataset d = Dataset.load(data, p.labels());
            Predictions r = p.predict(d, progress);
            Evaluation e = r.evaluate(topK);
            String report = JsonText.pretty(EvaluationReport.toMap(e, r, p.labels(), p.badImages()));
            if (outFile != null) {
                OutputGuard.writeString(outFile, report);
            }
            if (json) {
                out.print(report);
            } else {
                out.println(String.format(Locale.ROOT, "%d images: accuracy %.4f, top-%d %.4f, loss %.4f,"
                        + " macro F1 %.4f", e.examples(), e.accuracy(), e.topK(), e.topKAccuracy(), e.loss(),
                        e.macroF1()));
                for (int c = 0; c < p.labels().size(); c++) {
                    Evaluation.ClassMetrics m = e.perClass().get(c);
                    out.println(String.format(Locale.ROOT, "  %-24s precision %.4f  recall %.4f  F1 %.4f  (%d)",
                            p.labels().get(c), m.precision(), m.recall(), m.f1(), m.support()));
                }
            }
            p.badImages().forEach(b -> progress.warn("skipped " + b.path() + ": " + b.reason()));
            return 0;
        }
    }
}
