package org.tl4j.cli;

import java.nio.file.Path;
import java.util.Locale;
import org.tl4j.api.TlConfigException;
import org.tl4j.core.registry.Registry;
import org.tl4j.core.run.ModelBundle;
import org.tl4j.core.run.Predictor;
import org.tl4j.spi.Device;
import picocli.CommandLine.Option;

/** The options of the commands that apply a model bundle ({@code predict}, {@code evaluate}): backend and device. */
final class ModelOptions {
    @Option(names = "--backend", paramLabel = "ID", description = "Backend (default: the one that trained it).")
    String backend;

    @Option(names = "--device", paramLabel = "DEVICE", defaultValue = "auto", description = "auto, cpu or gpu.")
    String device;

    /** Opens the bundle in {@code model} (a bundle folder or a run folder) on the chosen backend and device. */
    Predictor open(Path model, Registry registry) {
        return Predictor.open(bundle(model), registry, backend, parseDevice(device), 0);
    }

    /** A bundle folder, or a run folder holding one in {@code model/}. */
    static Path bundle(Path p) {
        return ModelBundle.folder(p);
    }

    static Device parseDevice(String d) {
        return switch (d.toLowerCase(Locale.ROOT)) {
            case "cpu" -> Device.CPU;
            case "gpu" -> Device.GPU;
            case "auto" -> Device.AUTO;
            default -> throw new TlConfigException("--device must be auto, cpu or gpu, not '" + d + "'");
        };
    }
}
