package org.tl4j.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.tl4j.api.TlException;
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

    /**
     * The daemon sockets in {@code dir} (none when it is not given or not there). A folder that is not the user's own
     * is refused, as the launcher refuses it (scripts/tl-daemon.sh): another local user could otherwise answer in
     * the user's name on a socket there.
     */
    static List<Path> sockets(String dir) {
        if (dir == null || dir.isBlank() || !Files.exists(Path.of(dir), LinkOption.NOFOLLOW_LINKS)) {
            return List.of();
        }
        requireOwnFolder(Path.of(dir));
        try (Stream<Path> s = Files.list(Path.of(dir))) {
            return s.filter(p -> p.getFileName().toString().endsWith(".sock")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The launcher's rule for the socket folder: a folder, not a link, the user's own, mode 700. */
    static void requireOwnFolder(Path dir) {
        String problem;
        try {
            PosixFileAttributes a = Files.readAttributes(dir, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            String me = System.getProperty("user.name");
            if (!a.isDirectory()) {
                problem = a.isSymbolicLink() ? "is a symbolic link" : "is not a folder";
            } else if (!a.owner().getName().equals(me)) {
                problem = "belongs to " + a.owner().getName() + ", not to " + me;
            } else if (!a.permissions().equals(PosixFilePermissions.fromString("rwx------"))) {
                problem = "has mode " + PosixFilePermissions.toString(a.permissions()) + ", not rwx------ (700)";
            } else {
                return;
            }
        } catch (UnsupportedOperationException e) {
            return; // no POSIX owners and modes (Windows): the launcher's daemon is a bash script anyway
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        throw new TlException("the daemon folder " + dir + " " + problem + "; tl does not use a folder that others "
                + "can write to or own: remove it (./tl makes it again) or set TL_DAEMON_DIR to a folder of your own");
    }
}
