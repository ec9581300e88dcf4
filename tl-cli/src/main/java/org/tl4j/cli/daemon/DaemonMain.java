package org.tl4j.cli.daemon;

import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
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
                new PrintWriter(new java.io.OutputStreamWriter(err, StandardCharsets.UTF_8), true));
        Runnable halt = () -> Runtime.getRuntime().halt(130);
        try (DaemonServer server = DaemonServer.bind(socket, folder, Duration.ofSeconds(idleSeconds), command, halt,
                log)) {
            log.println("tl daemon: pid " + ProcessHandle.current().pid() + " serves " + folder + " on " + socket
                    + "; exits after " + idleSeconds + " s idle");
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

    private static void usage() {
        System.err.println("usage: DaemonMain --socket PATH [--idle SECONDS]");
        System.exit(2);
    }
}
