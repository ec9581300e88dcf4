package org.tl4j.cli.daemon;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The client side of the daemon, started by {@code ./tl} for each command a daemon may run:
 * {@code DaemonClient SOCKET ARGS...}. It needs only {@code java.base} and starts in a few tens of milliseconds. It
 * prints the command's output as it comes and exits with the command's status; without output, with
 * {@link Frames#NOT_LISTENING} when no daemon listens (the launcher starts one) and with {@link Frames#NOT_TAKEN} when
 * the daemon does not take the command (busy with another one; the launcher runs it in a fresh JVM). When the launcher
 * that started it dies (even by SIGKILL), the client exits too, which ends the daemon's command: killing {@code tl}
 * kills its work, as without a daemon.
 */
public final class DaemonClient {
    private DaemonClient() {
    }

    public static void main(String[] args) {
        if (args.length < 1) {
            System.err.println("usage: DaemonClient SOCKET ARGS...");
            System.exit(2);
        }
        String[] command = new String[args.length - 1];
        System.arraycopy(args, 1, command, 0, command.length);
        exitWithParent();
        System.exit(run(Path.of(args[0]), command, System.getenv("TL4J_TRACE"), System.out, System.err));
    }

    /** Exits (status 137, as if killed) once this process's parent is gone and it was handed to another process. */
    private static void exitWithParent() {
        long parent = ProcessHandle.current().parent().map(ProcessHandle::pid).orElse(-1L);
        Thread t = new Thread(() -> {
            while (true) {
                try {
                    Thread.sleep(250);
                } catch (InterruptedException e) {
                    return;
                }
                if (ProcessHandle.current().parent().map(ProcessHandle::pid).orElse(-1L) != parent) {
                    Runtime.getRuntime().halt(137);
                }
            }
        }, "tl4j-parent-watch");
        t.setDaemon(true);
        t.start();
    }

    /**
     * Runs {@code args} in the daemon on {@code socket}: the command's exit status, {@link Frames#NOT_LISTENING} or
     * {@link Frames#NOT_TAKEN}.
     */
    static int run(Path socket, String[] args, String trace, PrintStream out, PrintStream err) {
        SocketChannel channel = connect(socket);
        if (channel == null) {
            return Frames.NOT_LISTENING;
        }
        try (channel) {
            DataOutputStream req = request(channel, Frames.RUN);
            Frames.writeString(req, Path.of("").toAbsolutePath().toString());
            Frames.writeString(req, trace == null ? "" : trace);
            req.writeInt(args.length);
            for (String a : args) {
                Frames.writeString(req, a);
            }
            req.flush();
            return answers(channel, out, err, socket);
        } catch (IOException e) {
            err.println("tl: lost the connection to the daemon on " + socket + " (" + e.getMessage() + ")");
            return 1;
        }
    }

    /** The status line of the daemon on {@code socket}; empty when no daemon answered. */
    public static Optional<String> status(Path socket) {
        return ask(socket, Frames.STATUS);
    }

    /** Asks the daemon on {@code socket} to stop (after its running command): its answer, empty when none answered. */
    public static Optional<String> stop(Path socket) {
        return ask(socket, Frames.STOP);
    }

    private static Optional<String> ask(Path socket, byte kind) {
        SocketChannel channel = connect(socket);
        if (channel == null) {
            return Optional.empty();
        }
        ByteArrayOutputStream answer = new ByteArrayOutputStream();
        try (channel; PrintStream out = new PrintStream(answer, true, StandardCharsets.UTF_8)) {
            request(channel, kind).flush();
            return answers(channel, out, out, socket) == 0
                    ? Optional.of(answer.toString(StandardCharsets.UTF_8).strip()) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** A channel connected to the daemon on {@code socket}, or null when none listens there. */
    private static SocketChannel connect(Path socket) {
        try {
            SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
            try {
                channel.connect(UnixDomainSocketAddress.of(socket));
                return channel;
            } catch (IOException e) {
                channel.close();
                return null;
            }
        } catch (IOException e) {
            return null;
        }
    }

    /** Starts a request of {@code kind}: the stream to write the rest of it to (then flush). */
    private static DataOutputStream request(SocketChannel channel, byte kind) throws IOException {
        DataOutputStream req = new DataOutputStream(new BufferedOutputStream(Frames.out(channel)));
        req.writeInt(Frames.MAGIC);
        req.writeInt(Frames.VERSION);
        req.writeByte(kind);
        return req;
    }

    private static int answers(SocketChannel channel, PrintStream out, PrintStream err, Path socket)
            throws IOException {
        DataInputStream in = new DataInputStream(new BufferedInputStream(Frames.in(channel)));
        while (true) {
            int type = Frames.readType(in);
            switch (type) {
                case Frames.STDOUT -> {
                    out.write(Frames.readBytes(in));
                    out.flush();
                }
                case Frames.STDERR -> {
                    err.write(Frames.readBytes(in));
                    err.flush();
                }
                case Frames.EXIT -> {
                    return in.readInt();
                }
                case Frames.INFO -> out.println(Frames.readString(in));
                case Frames.BUSY, Frames.REFUSED -> {
                    Frames.readString(in);
                    return Frames.NOT_TAKEN;
                }
                case -1 -> {
                    err.println("tl: the daemon on " + socket + " ended before the command did; its log is "
                            + socket.toString().replaceFirst("\\.sock$", ".log"));
                    return 1;
                }
                default -> throw new IOException("daemon protocol: unknown frame type " + type);
            }
        }
    }
}
