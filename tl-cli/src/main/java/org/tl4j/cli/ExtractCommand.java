package org.tl4j.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import org.tl4j.api.config.RunConfig;
import org.tl4j.core.registry.Registry;
import org.tl4j.core.run.FeatureExport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code tl extract}: base features of a folder of images as a NumPy file. */
@Command(name = "extract", description = "Write a backbone's features for every image under DIR to a .npy file"
        + " (float32, rows in sorted relative-path order) with a .txt list of the rows' paths.")
final class ExtractCommand implements Callable<Integer> {
    @ParentCommand
    Main main;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", paramLabel = "CONF", description = "The run file (backbone, backend).")
    Path file;

    @Option(names = "--images", required = true, paramLabel = "DIR", description = "Images (searched recursively).")
    Path images;

    @Option(names = "--out", required = true, paramLabel = "FILE.npy", description = "The array to write.")
    Path out;

    @Option(names = "--no-pool", description = "Keep whole feature maps [n, h, w, c] instead of pooled [n, c].")
    boolean noPool;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Override a value (repeatable).")
    List<String> sets = new ArrayList<>();

    @Override
    public Integer call() {
        Registry registry = main.registry();
        RunConfig config = main.loadConfig(file, sets, spec.commandLine().getErr());
        ProgressPrinter progress = new ProgressPrinter(spec.commandLine().getErr(),
                ProgressPrinter.mode(main.quiet, false));
        FeatureExport.Result r = FeatureExport.extract(config, registry, images, out,
                noPool ? FeatureExport.Pooling.NONE : FeatureExport.Pooling.POOL, progress);
        r.badImages().forEach(b -> progress.warn("skipped " + b.path() + ": " + b.reason()));
        spec.commandLine().getOut().println("wrote " + r.npy() + " " + Arrays.toString(r.shape()) + " and "
                + r.paths());
        return 0;
    }
}
