package org.tl4j.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.tl4j.api.config.ConfigLoader;
import org.tl4j.api.config.RunConfig;
import org.tl4j.core.registry.Registry;
import org.tl4j.core.registry.RunPlan;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code tl config FILE}: validates a run file and prints the resolved configuration with each value's origin. */
@Command(name = "config", description = "Validate a config file and show the resolved values with their origins.")
final class ConfigCommand implements Callable<Integer> {
    @ParentCommand
    Main main;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", paramLabel = "FILE", description = "The run file (HOCON).")
    Path file;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Override a value (repeatable).")
    List<String> sets = new ArrayList<>();

    @Override
    public Integer call() {
        Registry registry = main.registry();
        RunConfig rc = main.loadConfig(file, sets, spec.commandLine().getErr());
        RunPlan.of(registry, rc);
        PrintWriter out = spec.commandLine().getOut();
        for (String line : ConfigLoader.describe(rc.source())) {
            out.println(line);
        }
        return 0;
    }
}
