package org.tl4j.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.tl4j.api.Tl4j;
import org.tl4j.core.registry.Registry;
import org.tl4j.spi.Backend;
import org.tl4j.spi.BackendEngine;
import org.tl4j.spi.BackendOptions;
import org.tl4j.spi.Device;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code tl doctor}: Java, memory, cores, and for each backend whether its engine loads and which devices it sees. */
@Command(name = "doctor", description = "Check Java, native libraries and devices (loads every backend's engine).")
final class DoctorCommand implements Callable<Integer> {
    @ParentCommand
    Main main;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        Runtime rt = Runtime.getRuntime();
        out.printf("tl4j     %s%n", Tl4j.version());
        out.printf("java     %s (%s)%n", System.getProperty("java.version"), System.getProperty("java.vm.name"));
        out.printf("os       %s %s%n", System.getProperty("os.name"), System.getProperty("os.arch"));
        out.printf("cpu      %d cores%n", rt.availableProcessors());
        out.printf("memory   %d MiB max heap%n", rt.maxMemory() >> 20);
        Registry registry = main.registry();
        int failures = 0;
        for (Backend b : registry.all(Backend.class)) {
            out.printf("backend  %s (%s): ", b.id(), b.engineVersion());
            out.flush();
            try (BackendEngine engine = b.open(new BackendOptions(Device.AUTO, 0, 0,
                    com.typesafe.config.ConfigFactory.empty()))) {
                out.printf("ok, devices %s, default %s%n", engine.devices(), engine.device());
            } catch (RuntimeException | LinkageError e) {
                failures++;
                out.printf("FAILED: %s%n", e.getMessage());
            }
        }
        for (String w : registry.warnings()) {
            out.println("warning  " + w);
        }
        out.flush();
        return failures == 0 ? 0 : Main.EXIT_FAILURE;
    }
}
