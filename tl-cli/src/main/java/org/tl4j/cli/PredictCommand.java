package org.tl4j.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.tl4j.api.tensor.Tensor;
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

/** {@code tl predict}: class probabilities of a model bundle for image files. */
@Command(name = "predict", description = "Classify images with a model bundle (RUN_DIR/model).")
final class PredictCommand implements Callable<Integer> {
    @ParentCommand
    Main main;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "MODEL", description = "The model bundle folder (or its run folder).")
    Path model;

    @Parameters(index = "1..*", arity = "1..*", paramLabel = "IMAGE", description = "Image files.")
    List<Path> images = new ArrayList<>();

    @Option(names = "--top-k", paramLabel = "K", defaultValue = "3", description = "Classes per image (default 3).")
    int topK;

    @Option(names = "--json", description = "One JSON object per image on stdout.")
    boolean json;

    @Mixin
    ModelOptions modelOptions;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        ProgressPrinter progress = new ProgressPrinter(spec.commandLine().getErr(),
                ProgressPrinter.mode(main.quiet || json, false));
        try (Predictor p = modelOptions.open(model, main.registry())) {
            Predictions r = p.predict(images, progress);
            Tensor probs = r.probabilities();
            for (int i = 0; i < r.entries().size(); i++) {
                int[] top = Metrics.topClasses(probs, i, topK);
                if (json) {
                    Map<String, Object> row = new LinkedHashMap<>();
                    row.put("image", r.entries().get(i).name());
                    List<Map<String, Object>> classes = new ArrayList<>();
                    for (int c : top) {
                        classes.add(Map.of("label", p.labels().get(c), "probability",
                                JsonText.clean(probs.data()[i * probs.dim(1) + c])));
                    }
                    row.put("top", classes);
                    out.println(JsonText.line(row));
                } else {
                    StringBuilder s = new StringBuilder(r.entries().get(i).name()).append(':');
                    for (int c : top) {
                        s.append(String.format(Locale.ROOT, "  %s %.4f", p.labels().get(c),
                                probs.data()[i * probs.dim(1) + c]));
                    }
                    out.println(s);
                }
            }
            p.badImages().forEach(b -> progress.warn("skipped " + b.path() + ": " + b.reason()));
            return p.badImages().isEmpty() ? 0 : Main.EXIT_FAILURE;
        }
    }
}
