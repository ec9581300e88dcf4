package org.tl4j.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.tl4j.cli.daemon.DaemonClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code tl daemon status|stop}: the background JVMs that {@code ./tl} keeps for repeated commands when
 * {@code TL_DAEMON=1} (opt-in; one per folder, JVM options and environment; see the README). Their sockets are in the folder the launcher passes as the system
 * property {@value #DIR_PROPERTY}.
 */
@Command(name = "daemon", description = {"Show or stop the background JVMs that ./tl runs train, evaluate, predict and",
    "extract in when TL_DAEMON=1 is set (opt-in)."})
final class DaemonCommand implements Callable<Integer> {
    static final String DIR_PROPERTY = "org.tl4j.cli.daemonDir";

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "ACTION", description = "status or stop")
    String action;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        if (!action.equals("status") && !action.equals("stop")) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "tl daemon " + action
                    + ": the action is status or stop");
        }
        int live = 0;
        for (Path s : sockets(System.getProperty(DIR_PROPERTY))) {
            Optional<String> answer = action.equals("stop") ? DaemonClient.stop(s) : DaemonClient.status(s);
            if (answer.isPresent()) {
                out.println(answer.get());
                live++;
            } else {
                try {
                    Files.deleteIfExists(s); // left by a daemon that is gone
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
        if (live == 0) {
            out.println("no tl daemon is running");
        }
        return 0;
    }

    /** The daemon sockets in {@code dir} (none when it is not given or not there). */
    static List<Path> sockets(String dir) {
        if (dir == null || dir.isBlank() || !Files.isDirectory(Path.of(dir))) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(Path.of(dir))) {
            return s.filter(p -> p.getFileName().toString().endsWith(".sock")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
