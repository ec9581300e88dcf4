package org.tl4j.cli.daemon;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import org.tl4j.api.internal.Trace;

/**
 * A warm JVM that runs {@code tl} commands for clients in one working folder, one command at a time, so that a
 * repeated command skips the JVM's start, class loading, JIT warm-up and the backend's native start-up. Standard output
 * and error go back to the client as they are written, then the exit status. A client that goes away before its
 * command ended (Ctrl-C, a kill) ends the daemon at once, as it would end a command run in its own process: nothing
 * half-done lives on. The daemon ends itself after an idle time, on {@link Frames#STOP}, and after a command that threw
 * an {@link Error} (its state is then in doubt).
 */
public final class DaemonServer implements AutoCloseable {

    /** Runs one command line: the exit status. */
    @FunctionalInterface
    public interface Command {
        int run(String[] args, PrintStream out, PrintStream err);
    }

    /** Thrown by a {@link Command} after it told the client about an {@link Error} itself: the daemon stops. */
    public static final class ReportedError extends Error {
        private static final long serialVersionUID = 1L;

        public ReportedError(Error cause) {
            super(cause);
        }
    }

    private final Path socket;
    private final Path folder;
    private final Duration idle;
    private final Command command;
    private final Runnable clientLost;
    private final ServerSocketChannel server;
    private final PrintStream log;
    private final AtomicBoolean busy = new AtomicBoolean();
    private final AtomicBoolean stopping = new AtomicBoolean();
    private final AtomicLong commands = new AtomicLong();
    private final long startedMillis = System.currentTimeMillis();
    private volatile long lastActive = System.nanoTime();
    private volatile boolean stopAfterCommand;
    private volatile BooleanSupplier outdated = () -> false;
    private final ScheduledExecutorService watch = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "tl4j-daemon-idle");
        t.setDaemon(true);
        return t;
    });

    private DaemonServer(Path socket, Path folder, Duration idle, Command command, Runnable clientLost,
            ServerSocketChannel server, PrintStream log) {
        this.socket = socket;
        this.folder = folder;
        this.idle = idle;
        this.command = command;
        this.clientLost = clientLost;
        this.server = server;
        this.log = log;
    }

    /**
     * Listens on {@code socket} (its file readable and writable by the owner only) for clients working in
     * {@code folder}. A socket file left by a daemon that is gone is replaced; one that a live daemon answers on is an
     * {@link AlreadyServed}.
     *
     * @param clientLost what to do when a client goes away during its command (the daemon halts the JVM)
     * @param log        where the daemon's own messages go (the process's standard error, not a client's)
     */
    public static DaemonServer bind(Path socket, Path folder, Duration idle, Command command, Runnable clientLost,
            PrintStream log) throws IOException {
        UnixDomainSocketAddress address = UnixDomainSocketAddress.of(socket);
        if (Files.exists(socket)) {
            if (answers(address)) {
                throw new AlreadyServed(socket);
            }
            Files.deleteIfExists(socket);
        }
        ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            server.bind(address);
            Files.setPosixFilePermissions(socket, PosixFilePermissions.fromString("rw-------"));
        } catch (java.net.BindException e) {
            server.close();
            // another daemon bound the socket since the check above (two tl commands started one at once); it may
            // not be listening yet
            for (int i = 0; i < 25; i++) {
                if (answers(address)) {
                    throw new AlreadyServed(socket);
                }
                sleep(20);
            }
            throw e;
        } catch (IOException | RuntimeException e) {
            server.close();
            throw e;
        }
        return new DaemonServer(socket, folder.toAbsolutePath().normalize(), idle, command, clientLost, server, log);
    }

    private static void sleep(long millis) throws java.io.InterruptedIOException {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted while waiting for the other daemon");
        }
    }

    /** Whether a daemon accepts connections on the address. */
    private static boolean answers(UnixDomainSocketAddress address) {
        try (SocketChannel probe = SocketChannel.open(address)) {
            return true;
        } catch (IOException gone) {
            return false;
        }
    }

    /** Another daemon answers on the socket. */
    public static final class AlreadyServed extends IOException {
        private static final long serialVersionUID = 1L;

        AlreadyServed(Path socket) {
            super("a tl daemon already answers on " + socket);
        }
    }

    /** Accepts clients until stopped or idle for longer than the idle time. */
    public void serve() {
        long period = Math.max(10, Math.min(1000, idle.toMillis() / 4));
        watch.scheduleAtFixedRate(() -> {
            if (busy.get()) {
                return;
            }
            if (System.nanoTime() - lastActive > idle.toNanos()) {
                log.println("tl daemon: idle for " + idle.toSeconds() + " s, stopping");
                stop();
            } else if (outdated.getAsBoolean()) {
                log.println("tl daemon: its build changed on disk, stopping");
                stop();
            }
        }, period, period, TimeUnit.MILLISECONDS);
        while (!stopping.get()) {
            SocketChannel client;
            try {
                client = server.accept();
            } catch (ClosedChannelException e) {
                break;
            } catch (IOException e) {
                log.println("tl daemon: " + e.getMessage());
                break;
            }
            Thread t = new Thread(() -> handle(client), "tl4j-daemon-client");
            t.setDaemon(true);
            t.start();
        }
        stop();
    }

    /**
     * Stops the daemon between commands once {@code outdated} says so: a rebuild rewrites the jars a running JVM reads
     * its classes from, and a later command goes to a new daemon anyway.
     */
    public void stopWhen(BooleanSupplier outdated) {
        this.outdated = outdated;
    }

    /** Stops accepting clients; a running command finishes. */
    public void stop() {
        if (stopping.compareAndSet(false, true)) {
            watch.shutdownNow();
            try {
                server.close();
            } catch (IOException e) {
                log.println("tl daemon: " + e.getMessage());
            }
        }
    }

    /**
     * Waits for the running command, if any, after {@link #serve} returned. A command starts only when the daemon was
     * not stopping once it had taken it, so none starts after this.
     */
    public void awaitCommand() throws InterruptedException {
        while (busy.get()) {
            Thread.sleep(20);
        }
    }

    @Override
    public void close() throws IOException {
        stop();
        Files.deleteIfExists(socket);
    }

    /** Commands run so far. */
    public long commands() {
        return commands.get();
    }

    private void handle(SocketChannel client) {
        try (client) {
            DataInputStream in = new DataInputStream(new BufferedInputStream(Frames.in(client)));
            DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Frames.out(client)));
            if (in.readInt() != Frames.MAGIC || in.readInt() != Frames.VERSION) {
                answer(out, Frames.REFUSED, "another version of the daemon protocol");
                return;
            }
            byte kind = in.readByte();
            switch (kind) {
                case Frames.STATUS -> {
                    answer(out, Frames.INFO, status());
                    exit(out, 0);
                }
                case Frames.STOP -> {
                    boolean running = busy.get();
                    answer(out, Frames.INFO, "daemon pid " + ProcessHandle.current().pid() + (running
                            ? ": stops when its running command ends" : ": stopped"));
                    exit(out, 0);
                    if (running) {
                        stopAfterCommand = true;
                    } else {
                        stop();
                    }
                }
                case Frames.RUN -> run(in, out);
                default -> answer(out, Frames.REFUSED, "unknown request " + kind);
            }
        } catch (IOException e) {
            // a client that went away before or after its command: nothing to do
        }
    }

    /** A run request: the client's working folder, its {@code TL4J_TRACE} setting ("" for none) and arguments. */
    private record Request(Path cwd, String trace, String[] args) {
        static Request read(DataInputStream in) throws IOException {
            Path cwd = Path.of(Frames.readString(in)).toAbsolutePath().normalize();
            String trace = Frames.readString(in);
            String[] args = new String[in.readInt()];
            for (int i = 0; i < args.length; i++) {
                args[i] = Frames.readString(in);
            }
            return new Request(cwd, trace, args);
        }
    }

    /** How a command ended: its exit status, and whether it threw an {@link Error}. */
    private record Outcome(int code, boolean fatal) {
    }

    private void run(DataInputStream in, DataOutputStream out) throws IOException {
        Request request = Request.read(in);
        if (!request.cwd().equals(folder)) {
            answer(out, Frames.REFUSED, "this daemon serves " + folder + ", not " + request.cwd());
            return;
        }
        if (!take()) {
            answer(out, Frames.BUSY, "the daemon is running another command or stopping");
            return;
        }
        AtomicBoolean done = new AtomicBoolean();
        Runnable lost = () -> {
            if (done.compareAndSet(false, true)) {
                log.println("tl daemon: the client went away during `tl " + String.join(" ", request.args())
                        + "`; stopping, as its own process would have");
                clientLost.run();
            }
        };
        watch(in, lost);
        Outcome outcome = execute(request, out, lost);
        boolean answer = done.compareAndSet(false, true);
        release(outcome);
        if (answer) {
            exit(out, outcome.code());
        }
    }

    /** Takes the daemon for a command: false when it runs another one or is stopping. */
    private boolean take() {
        if (!busy.compareAndSet(false, true)) {
            return false;
        }
        if (stopping.get() || stopAfterCommand) { // checked after taking the daemon: see awaitCommand
            busy.set(false);
            return false;
        }
        return true;
    }

    /** Runs {@code lost} when the client closes its end (it sends nothing after its request) or the socket fails. */
    private static void watch(DataInputStream in, Runnable lost) {
        Thread watcher = new Thread(() -> {
            try {
                in.read();
            } catch (IOException e) {
                // closed by us after the command, or reset by the client
            }
            lost.run();
        }, "tl4j-daemon-watch");
        watcher.setDaemon(true);
        watcher.start();
    }

    /** Runs the command with the process's standard streams sent to the client. */
    private Outcome execute(Request request, DataOutputStream out, Runnable lost) {
        PrintStream stdout = new PrintStream(new FrameStream(out, Frames.STDOUT, lost), true, StandardCharsets.UTF_8);
        PrintStream stderr = new PrintStream(new FrameStream(out, Frames.STDERR, lost), true, StandardCharsets.UTF_8);
        PrintStream systemOut = System.out;
        PrintStream systemErr = System.err;
        System.setOut(stdout);
        System.setErr(stderr);
        try {
            Trace.begin(request.trace().isEmpty() ? null : request.trace());
            return new Outcome(command.run(request.args(), stdout, stderr), false);
        } catch (Throwable t) {
            if (!(t instanceof ReportedError)) {
                stderr.println("error: " + t);
            }
            return new Outcome(1, t instanceof Error);
        } finally {
            System.setOut(systemOut);
            System.setErr(systemErr);
            stdout.flush();
            stderr.flush();
        }
    }

    /** Frees the daemon after a command (stopping it first after an {@link Error} or a stop request). */
    private void release(Outcome outcome) {
        commands.incrementAndGet();
        lastActive = System.nanoTime();
        if (outcome.fatal()) {
            log.println("tl daemon: a command ended with an error of the JVM; stopping");
        }
        if (outcome.fatal() || stopAfterCommand) {
            stop();
        }
        // free before the client hears the status, so that its next command finds the daemon free
        busy.set(false);
    }

    private String status() {
        return String.format(Locale.ROOT, "daemon pid %d in %s: up %d s, %d command(s) run, %s; exits after %d s idle",
                ProcessHandle.current().pid(), folder, (System.currentTimeMillis() - startedMillis) / 1000,
                commands.get(), busy.get() ? "running one now" : "idle", idle.toSeconds());
    }

    private static void answer(DataOutputStream out, byte type, String text) throws IOException {
        synchronized (out) {
            out.writeByte(type);
            Frames.writeString(out, text);
            out.flush();
        }
    }

    private static void exit(DataOutputStream out, int code) throws IOException {
        synchronized (out) {
            out.writeByte(Frames.EXIT);
            out.writeInt(code);
            out.flush();
        }
    }

    /** Standard output or error of a command: buffered, sent as a frame on flush or when the buffer is full. */
    private static final class FrameStream extends OutputStream {
        private final DataOutputStream out;
        private final byte type;
        private final Runnable lost;
        private final byte[] buf = new byte[8192];
        private int n;

        FrameStream(DataOutputStream out, byte type, Runnable lost) {
            this.out = out;
            this.type = type;
            this.lost = lost;
        }

        @Override
        public synchronized void write(int b) throws IOException {
            if (n == buf.length) {
                flush();
            }
            buf[n++] = (byte) b;
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) throws IOException {
            while (len > 0) {
                if (n == buf.length) {
                    flush();
                }
                int k = Math.min(len, buf.length - n);
                System.arraycopy(b, off, buf, n, k);
                n += k;
                off += k;
                len -= k;
            }
        }

        @Override
        public synchronized void flush() throws IOException {
            if (n == 0) {
                return;
            }
            try {
                synchronized (out) {
                    out.writeByte(type);
                    out.writeInt(n);
                    out.write(buf, 0, n);
                    out.flush();
                }
            } catch (IOException e) {
                lost.run();
                throw e;
            } finally {
                n = 0;
            }
        }
    }
}
