package org.tl4j.cli.daemon;

import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.tl4j.cli.Main;

/**
 * The daemon process: {@code DaemonMain --socket PATH --idle SECONDS}, started by {@code ./tl} in the folder it serves,
 * with the JVM options and environment its clients have (they pick the daemon by a hash of them). Its own standard
 * error is the daemon's log.
 */
public final class DaemonMain {
    private DaemonMain() {
    }

    public static void main(String[] args) {
        Path socket = null;
        long idleSeconds = 600;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--socket" -> socket = Path.of(args[i + 1]);
                case "--idle" -> idleSeconds = Long.parseLong(args[i + 1]);
                default -> usage();
            }
        }
        if (socket == null || args.length % 2 != 0 || idleSeconds < 1) {
            usage();
        }
        PrintStream log = System.err;
        Path folder = Path.of("").toAbsolutePath();
        DaemonServer.Command command = (argv, out, err) -> Main.run(argv,
                new PrintWriter(new java.io.OutputStreamWriter(out, StandardCharsets.UTF_8), true),
                new PrintWriter(new java.io.OutputStreamWriter(err, StandardCharsets.UTF_8), true), e -> {
                    throw new DaemonServer.ReportedError(e); // the JVM's state is in doubt: the daemon stops
                });
        Runnable halt = () -> Runtime.getRuntime().halt(130);
        try (DaemonServer server = DaemonServer.bind(socket, folder, Duration.ofSeconds(idleSeconds), command, halt,
                log)) {
            log.println("tl daemon: pid " + ProcessHandle.current().pid() + " serves " + folder + " on " + socket
                    + "; exits after " + idleSeconds + " s idle");
            Map<Path, Long> jars = jarStamps();
            server.stopWhen(() -> !jarStamps().equals(jars));
            server.serve();
            server.awaitCommand();
            log.println("tl daemon: stopped after " + server.commands() + " command(s)");
        } catch (DaemonServer.AlreadyServed e) {
            log.println("tl daemon: " + e.getMessage());
        } catch (IOException e) {
            log.println("tl daemon: cannot listen on " + socket + ": " + e.getMessage());
            System.exit(1);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        System.exit(0);
    }

    /** The modification times of the jars on the module path (0 for one that is gone). */
    static Map<Path, Long> jarStamps() {
        Map<Path, Long> stamps = new TreeMap<>();
        String modulePath = System.getProperty("jdk.module.path", "");
        for (String entry : modulePath.split(File.pathSeparator)) {
            if (entry.isEmpty()) {
                continue;
            }
            Path p = Path.of(entry);
            if (Files.isDirectory(p)) {
                try (Stream<Path> files = Files.list(p)) {
                    files.forEach(f -> stamps.put(f, modified(f)));
                } catch (IOException e) {
                    stamps.put(p, 0L);
                }
            } else {
                stamps.put(p, modified(p));
            }
        }
        return stamps;
    }

    private static long modified(Path p) {
        try {
            return Files.getLastModifiedTime(p).toMillis();
        } catch (IOException e) {
            return 0L;
        }
    }

    private static void usage() {
        System.err.println("usage: DaemonMain --socket PATH [--idle SECONDS]");
        System.exit(2);
    }
}
