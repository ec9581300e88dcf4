package org.tl4j.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.tl4j.api.tensor.Tensor;
import org.tl4j.core.data.Dataset;
import org.tl4j.core.run.JsonText;
import org.tl4j.core.run.Predictor;
import org.tl4j.core.train.Metrics;
import org.tl4j.core.train.Predictions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code tl predict}: class probabilities of a model bundle for image files and folders (searched recursively), on
 * stdout or as a CSV file, in batches through the backend while the next images are decoded. Bad images are listed
 * as warnings and left out; the rest are predicted.
 */
@Command(name = "predict", description = "Classify images with a model bundle (RUN_DIR/model).")
final class PredictCommand implements Callable<Integer> {
    @ParentCommand
    Main main;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "MODEL", description = "The model bundle folder (or its run folder).")
    Path model;

    @Parameters(index = "1..*", arity = "1..*", paramLabel = "IMAGE|DIR",
            description = "Image files, or folders searched recursively.")
    List<Path> images = new ArrayList<>();

    @Option(names = "--top-k", paramLabel = "K", defaultValue = "3", description = "Classes per image (default 3).")
    int topK;

    @Option(names = "--json", description = "One JSON object per image on stdout.")
    boolean json;

    @Option(names = "--out", paramLabel = "FILE.csv",
            description = "Write a CSV (path, label, probability, then the next classes of the top K) instead.")
    Path out;

    @Option(names = "--force", description = "Replace the --out file if it exists.")
    boolean force;

    @Mixin
    ModelOptions modelOptions;

    @Override
    public Integer call() {
        ProgressPrinter progress = new ProgressPrinter(spec.commandLine().getErr(),
                ProgressPrinter.mode(main.quiet || (json && out == null), false));
        if (out != null) {
            List<Path> inputs = new ArrayList<>(images);
            inputs.add(model);
            OutputGuard.refuseOverwritingInputs(out, "--out", inputs.toArray(Path[]::new));
            OutputGuard.refuseExisting(out, force, "--out");
        }
        List<Path> files = files(progress);
        try (Predictor p = modelOptions.open(model, main.registry())) {
            Predictions r = p.predict(files, progress);
            if (out != null) {
                OutputGuard.writeString(out, csv(r, p.labels()));
                spec.commandLine().getOut().println("wrote " + out + " (" + r.entries().size() + " images)");
            } else {
                print(r, p.labels(), spec.commandLine().getOut());
            }
            p.badImages().forEach(b -> progress.warn("skipped " + b.path() + ": " + b.reason()));
            return p.badImages().isEmpty() ? 0 : Main.EXIT_FAILURE;
        }
    }

    /** The files given and, for each folder given, its images in sorted relative-path order. */
    private List<Path> files(ProgressPrinter progress) {
        List<Path> files = new ArrayList<>();
        for (Path p : images) {
            if (Files.isDirectory(p)) {
                Dataset found = Dataset.unlabelled(p);
                found.warnings().forEach(progress::warn);
                found.entries().forEach(e -> files.add(e.path()));
            } else {
                files.add(p);
            }
        }
        return files;
    }

    private void print(Predictions r, List<String> labels, PrintWriter stdout) {
        Tensor probs = r.probabilities();
        for (int i = 0; i < r.entries().size(); i++) {
            int[] top = Metrics.topClasses(probs, i, topK);
            if (json) {
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("image", r.entries().get(i).name());
                List<Map<String, Object>> classes = new ArrayList<>();
                for (int c : top) {
                    classes.add(Map.of("label", labels.get(c), "probability", JsonText.clean(p(probs, i, c))));
                }
                row.put("top", classes);
                stdout.println(JsonText.line(row));
            } else {
                StringBuilder s = new StringBuilder(r.entries().get(i).name()).append(':');
                for (int c : top) {
                    s.append(String.format(Locale.ROOT, "  %s %.4f", labels.get(c), p(probs, i, c)));
                }
                stdout.println(s);
            }
        }
    }

    /** {@code path,label,probability,label_2,probability_2,…}: one row per image, in input order. */
    private String csv(Predictions r, List<String> labels) {
        int k = Math.min(topK, labels.size());
        StringBuilder s = new StringBuilder("path,label,probability");
        for (int j = 2; j <= k; j++) {
            s.append(",label_").append(j).append(",probability_").append(j);
        }
        s.append('\n');
        Tensor probs = r.probabilities();
        for (int i = 0; i < r.entries().size(); i++) {
            s.append(cell(r.entries().get(i).path().toString()));
            for (int c : Metrics.topClasses(probs, i, k)) {
                s.append(',').append(cell(labels.get(c))).append(String.format(Locale.ROOT, ",%.6f", p(probs, i, c)));
            }
            s.append('\n');
        }
        return s.toString();
    }

    /** A CSV field, quoted when it holds a comma, a quote or a line break (RFC 4180). */
    static String cell(String text) {
        return text.matches("[^,\"\r\n]*") ? text : '"' + text.replace("\"", "\"\"") + '"';
    }

    private static float p(Tensor probs, int row, int c) {
        return probs.data()[row * probs.dim(1) + c];
    }
}
