package org.tl4j.cli;

import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.tl4j.api.TlConfigException;
import org.tl4j.core.run.ModelExport;
import org.tl4j.spi.ExportFormat;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code tl export MODEL --format savedmodel|onnx --out PATH}: a deployable model with preprocessing inside. */
@Command(name = "export", description = "Export a model bundle as a TensorFlow SavedModel or one ONNX file "
        + "(RGB floats in [0, 255] in, class probabilities out).")
final class ExportCommand implements Callable<Integer> {
    @ParentCommand
    Main main;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "MODEL", description = "The model bundle folder (or its run folder).")
    Path model;

    @Option(names = "--format", required = true, paramLabel = "FORMAT", description = "savedmodel or onnx.")
    String format;

    @Option(names = "--out", required = true, paramLabel = "PATH", description = "SavedModel folder or .onnx file.")
    Path out;

    @Option(names = "--backend", paramLabel = "ID", description = "Backend (default: one that can write FORMAT).")
    String backend;

    @Override
    public Integer call() {
        ExportFormat f = switch (format.toLowerCase(Locale.ROOT)) {
            case "savedmodel" -> ExportFormat.SAVEDMODEL;
            case "onnx" -> ExportFormat.ONNX;
            default -> throw new TlConfigException("--format " + format + ": use savedmodel or onnx");
        };
        OutputGuard.refuseOverwritingInputs(out, "--out", model);
        Path written = ModelExport.export(ModelOptions.bundle(model), f, out, main.registry(), backend);
        spec.commandLine().getOut().println(written);
        spec.commandLine().getOut().flush();
        return 0;
    }
}
