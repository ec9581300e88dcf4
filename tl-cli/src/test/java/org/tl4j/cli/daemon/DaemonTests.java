package org.tl4j.cli.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.tl4j.cli.Main;

/** The daemon's server and client over a real Unix domain socket, with commands stubbed or tl's own. */
@Timeout(60)
class DaemonTests {
    private static final Path HERE = Path.of("").toAbsolutePath();

    @TempDir
    Path dir;

    private DaemonServer server;
    private CompletableFuture<Void> serving;

    @AfterEach
    void stop() throws Exception {
        if (server != null) {
            server.close();
            serving.get(10, TimeUnit.SECONDS);
        }
    }

    private Path start(Path folder, Duration idle, DaemonServer.Command command, Runnable clientLost)
            throws IOException {
        Path socket = dir.resolve("d.sock");
        server = DaemonServer.bind(socket, folder, idle, command, clientLost, new PrintStream(
                new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        serving = CompletableFuture.runAsync(server::serve);
        return socket;
    }

    private Path start(DaemonServer.Command command) throws IOException {
        return start(HERE, Duration.ofMinutes(5), command, () -> { });
    }

    /** A client's run: its exit status, what it printed to standard output and error. */
    private record Client(int status, String out, String err) {
    }

    private static Client client(Path socket, String trace, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = DaemonClient.run(socket, args, trace, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Client(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void relaysOutputErrorsAndTheExitStatus() throws Exception {
        PrintStream systemOut = System.out;
        PrintStream systemErr = System.err;
        Path socket = start((args, out, err) -> {
            out.println("args " + String.join("|", args));
            System.out.print("through System.out ünïcode");
            err.println("to stderr");
            System.err.println("through System.err");
            return 3;
        });
        Client c = client(socket, null, "train", "a b.conf", "--quiet");
        assertThat(c.status()).isEqualTo(3);
        assertThat(c.out()).isEqualTo("args train|a b.conf|--quiet\nthrough System.out ünïcode");
        assertThat(c.err()).isEqualTo("to stderr\nthrough System.err\n");
        assertThat(server.commands()).isEqualTo(1);
        // the process's own streams are back
        assertThat(System.out).isSameAs(systemOut);
        assertThat(System.err).isSameAs(systemErr);
    }

    @Test
    void runsTlItselfWithTheSameOutputAsInItsOwnProcess() throws Exception {
        Path socket = start((args, out, err) -> Main.run(args, new PrintWriter(out, true), new PrintWriter(err,
                true)));
        StringWriter direct = new StringWriter();
        int directStatus = Main.run(new String[] {"--version"}, new PrintWriter(direct, true),
                new PrintWriter(new StringWriter(), true));
        Client c = client(socket, null, "--version");
        assertThat(c.status()).isEqualTo(directStatus).isZero();
        assertThat(c.out()).isEqualTo(direct.toString()).contains("tl4j");
        Client bad = client(socket, null, "train", "no-such-file.conf");
        assertThat(bad.status()).isEqualTo(Main.EXIT_USAGE);
        assertThat(bad.err()).contains("no-such-file.conf");
    }

    @Test
    void aTraceSettingReachesTheCommand() throws Exception {
        Path socket = start((args, out, err) -> {
            org.tl4j.api.internal.Trace.mark("stage one");
            return 0;
        });
        assertThat(client(socket, "x", "train").err()).contains("[trace]").contains("stage one");
        assertThat(client(socket, null, "train").err()).isEmpty();
    }

    @Test
    void aSecondCommandWhileOneRunsIsNotTaken() throws Exception {
        CountDownLatch running = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Path socket = start((args, out, err) -> {
            running.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            out.print("first done");
            return 0;
        });
        CompletableFuture<Client> first = CompletableFuture.supplyAsync(() -> client(socket, null, "train"));
        assertThat(running.await(10, TimeUnit.SECONDS)).isTrue();
        Client second = client(socket, null, "predict");
        assertThat(second.status()).isEqualTo(Frames.NOT_TAKEN);
        assertThat(second.out() + second.err()).isEmpty();
        release.countDown();
        assertThat(first.get(10, TimeUnit.SECONDS)).isEqualTo(new Client(0, "first done", ""));
        assertThat(client(socket, null, "predict").status()).isZero();
    }

    @Test
    void aClientInAnotherFolderIsNotTaken() throws Exception {
        Path socket = start(dir, Duration.ofMinutes(5), (args, out, err) -> 0, () -> { });
        assertThat(client(socket, null, "train").status()).isEqualTo(Frames.NOT_TAKEN);
        assertThat(server.commands()).isZero();
    }

    @Test
    void withoutADaemonTheClientSaysNoneListens() throws Exception {
        Path socket = dir.resolve("none.sock");
        assertThat(client(socket, null, "train")).isEqualTo(new Client(Frames.NOT_LISTENING, "", ""));
        // a socket file left by a daemon that was killed
        try (var s = java.nio.channels.ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            s.bind(UnixDomainSocketAddress.of(socket));
        }
        assertThat(Files.exists(socket)).isTrue();
        assertThat(client(socket, null, "train").status()).isEqualTo(Frames.NOT_LISTENING);
        // and a new daemon takes its place
        server = DaemonServer.bind(socket, HERE, Duration.ofMinutes(1), (a, o, e) -> 7, () -> { },
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        serving = CompletableFuture.runAsync(server::serve);
        assertThat(client(socket, null, "train").status()).isEqualTo(7);
    }

    @Test
    void aLiveDaemonKeepsItsSocket() throws Exception {
        Path socket = start((args, out, err) -> 0);
        assertThatThrownBy(() -> DaemonServer.bind(socket, HERE, Duration.ofMinutes(1), (a, o, e) -> 0, () -> { },
                System.err)).isInstanceOf(DaemonServer.AlreadyServed.class);
        assertThat(client(socket, null, "train").status()).isZero();
    }

    @Test
    void aClientThatGoesAwayDuringItsCommandEndsTheDaemon() throws Exception {
        CountDownLatch running = new CountDownLatch(1);
        CountDownLatch lost = new CountDownLatch(1);
        Path socket = start(HERE, Duration.ofMinutes(5), (args, out, err) -> {
            running.countDown();
            try {
                lost.await(20, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return 0;
        }, lost::countDown);
        try (SocketChannel c = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
            var req = new java.io.DataOutputStream(Frames.out(c));
            req.writeInt(Frames.MAGIC);
            req.writeInt(Frames.VERSION);
            req.writeByte(Frames.RUN);
            Frames.writeString(req, HERE.toString());
            Frames.writeString(req, "");
            req.writeInt(1);
            Frames.writeString(req, "train");
            req.flush();
            assertThat(running.await(10, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(lost.await(10, TimeUnit.SECONDS)).as("the daemon's client-lost action ran").isTrue();
    }

    @Test
    void aCommandThatFinishesDoesNotCountAsLost() throws Exception {
        AtomicReference<String> lost = new AtomicReference<>();
        Path socket = start(HERE, Duration.ofMinutes(5), (args, out, err) -> 0, () -> lost.set("lost"));
        for (int i = 0; i < 5; i++) {
            assertThat(client(socket, null, "train").status()).isZero();
        }
        Thread.sleep(300);
        assertThat(lost.get()).isNull();
    }

    @Test
    void stopsWhenIdle() throws Exception {
        Path socket = start(HERE, Duration.ofMillis(300), (args, out, err) -> 0, () -> { });
        assertThat(client(socket, null, "train").status()).isZero();
        serving.get(10, TimeUnit.SECONDS);
        server.close();
        assertThat(Files.exists(socket)).isFalse();
        assertThat(client(socket, null, "train").status()).isEqualTo(Frames.NOT_LISTENING);
    }

    @Test
    void stopsBetweenCommandsOnceOutdated() throws Exception {
        java.util.concurrent.atomic.AtomicBoolean outdated = new java.util.concurrent.atomic.AtomicBoolean();
        Path socket = start(HERE, Duration.ofMinutes(5), (args, out, err) -> 0, () -> { });
        server.stopWhen(outdated::get);
        assertThat(client(socket, null, "train").status()).isZero();
        assertThat(serving).isNotDone();
        outdated.set(true);
        serving.get(10, TimeUnit.SECONDS);
        assertThat(client(socket, null, "train").status()).isEqualTo(Frames.NOT_LISTENING);
    }

    @Test
    void jarStampsFollowTheModulePath() throws Exception {
        Path jar = Files.writeString(dir.resolve("a.jar"), "x");
        String before = System.getProperty("jdk.module.path");
        System.setProperty("jdk.module.path", dir + java.io.File.pathSeparator + jar);
        try {
            var stamps = DaemonMain.jarStamps();
            assertThat(stamps).containsKey(jar);
            Files.setLastModifiedTime(jar, java.nio.file.attribute.FileTime.fromMillis(
                    Files.getLastModifiedTime(jar).toMillis() + 5000));
            assertThat(DaemonMain.jarStamps()).isNotEqualTo(stamps);
        } finally {
            if (before == null) {
                System.clearProperty("jdk.module.path");
            } else {
                System.setProperty("jdk.module.path", before);
            }
        }
    }

    @Test
    void statusAndStop() throws Exception {
        Path socket = start((args, out, err) -> 0);
        client(socket, null, "train");
        assertThat(DaemonClient.status(socket)).hasValueSatisfying(status -> assertThat(status)
                .contains("pid " + ProcessHandle.current().pid()).contains("1 command(s) run").contains("idle"));
        assertThat(DaemonClient.stop(socket)).isPresent();
        serving.get(10, TimeUnit.SECONDS);
        assertThat(DaemonClient.status(dir.resolve("none.sock"))).isEmpty();
    }

    @Test
    void aCommandEndingInAnErrorOfTheJvmStopsTheDaemon() throws Exception {
        Path socket = start((args, out, err) -> {
            throw new OutOfMemoryError("test");
        });
        Client c = client(socket, null, "train");
        assertThat(c.status()).isEqualTo(1);
        assertThat(c.err()).contains("OutOfMemoryError");
        serving.get(10, TimeUnit.SECONDS);
    }

    @Test
    void tlDaemonListsAndStopsTheDaemonsInItsFolder() throws Exception {
        start((args, out, err) -> 0);
        String before = System.getProperty("org.tl4j.cli.daemonDir");
        System.setProperty("org.tl4j.cli.daemonDir", dir.toString());
        try {
            StringWriter out = new StringWriter();
            assertThat(Main.run(new String[] {"daemon", "status"}, new PrintWriter(out, true),
                    new PrintWriter(new StringWriter(), true))).isZero();
            assertThat(out.toString()).contains("daemon pid").contains("0 command(s) run");
            StringWriter stopped = new StringWriter();
            assertThat(Main.run(new String[] {"daemon", "stop"}, new PrintWriter(stopped, true),
                    new PrintWriter(new StringWriter(), true))).isZero();
            assertThat(stopped.toString()).contains("stopped");
            serving.get(10, TimeUnit.SECONDS);
            server.close();
            StringWriter none = new StringWriter();
            Files.createFile(dir.resolve("stale.sock"));
            assertThat(Main.run(new String[] {"daemon", "status"}, new PrintWriter(none, true),
                    new PrintWriter(new StringWriter(), true))).isZero();
            assertThat(none.toString()).contains("no tl daemon is running");
            assertThat(dir.resolve("stale.sock")).doesNotExist();
            StringWriter err = new StringWriter();
            assertThat(Main.run(new String[] {"daemon", "restart"}, new PrintWriter(new StringWriter(), true),
                    new PrintWriter(err, true))).isEqualTo(Main.EXIT_USAGE);
            assertThat(err.toString()).contains("status or stop");
        } finally {
            if (before == null) {
                System.clearProperty("org.tl4j.cli.daemonDir");
            } else {
                System.setProperty("org.tl4j.cli.daemonDir", before);
            }
        }
    }
}
