package org.tl4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code tl data fetch} against a one-file HTTP server on loopback. */
class DataCommandTests {
    @TempDir
    Path dir;
    private ServerSocket server;
    private Thread thread;
    private volatile byte[] body;
    private final AtomicInteger requests = new AtomicInteger();

    @BeforeEach
    void start() throws IOException {
        server = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
        thread = new Thread(() -> {
            while (!server.isClosed()) {
                try (Socket s = server.accept()) {
                    InputStream in = s.getInputStream();
                    ByteArrayOutputStream head = new ByteArrayOutputStream();
                    int b;
                    while ((b = in.read()) >= 0) {
                        head.write(b);
                        if (head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
                            break;
                        }
                    }
                    requests.incrementAndGet();
                    OutputStream out = s.getOutputStream();
                    out.write(("HTTP/1.1 200 OK\r\nContent-Length: " + body.length + "\r\nConnection: close\r\n\r\n")
                            .getBytes(StandardCharsets.ISO_8859_1));
                    out.write(body);
                    out.flush();
                } catch (IOException e) {
                    // closed
                }
            }
        });
        thread.setDaemon(true);
        thread.start();
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
        thread.join(5000);
    }

    private String url(String file) {
        return "http://127.0.0.1:" + server.getLocalPort() + "/" + file;
    }

    @Test
    void fetchesAndUnpacksATgzOnce() throws IOException {
        body = tgz("flower_photos/daisy/a b.jpg", "JPEG1", "flower_photos/roses/ü.jpg", "JPEG2");
        CliRun r = CliRun.of("data", "fetch", "flowers", "--dir", dir.toString(), "--url", url("flower_photos.tgz"));
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(Files.readString(dir.resolve("flowers/flower_photos/daisy/a b.jpg"))).isEqualTo("JPEG1");
        assertThat(Files.readString(dir.resolve("flowers/flower_photos/roses/ü.jpg"))).isEqualTo("JPEG2");
        assertThat(r.out()).contains("(2 files)");
        CliRun again = CliRun.of("data", "fetch", "flowers", "--dir", dir.toString(), "--url",
                url("flower_photos.tgz"));
        assertThat(again.out()).contains("already there");
        assertThat(requests.get()).isEqualTo(1);
    }

    @Test
    void fetchesAndUnpacksAZip() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            zip.putNextEntry(new ZipEntry("cats_and_dogs_filtered/train/cats/cat.1.jpg"));
            zip.write("C".getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
        }
        body = bytes.toByteArray();
        CliRun r = CliRun.of("data", "fetch", "cats-dogs", "--dir", dir.toString(), "--url",
                url("cats_and_dogs_filtered.zip"));
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(dir.resolve("cats-dogs/cats_and_dogs_filtered/train/cats/cat.1.jpg"))
                .exists();
    }

    @Test
    void refusesEntriesOutsideTheTarget() throws IOException {
        body = tgz("../evil.txt", "x");
        CliRun r = CliRun.of("data", "fetch", "flowers", "--dir", dir.toString(), "--url", url("flower_photos.tgz"));
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).contains("outside its folder");
        assertThat(dir.resolve("flowers/evil.txt")).doesNotExist();
        assertThat(dir.resolve("evil.txt")).doesNotExist();
    }

    @Test
    void unknownDatasetSuggests() {
        CliRun r = CliRun.of("data", "fetch", "flower");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("did you mean `flowers`?");
    }

    /** A gzipped ustar archive of (name, content) pairs. */
    static byte[] tgz(String... entries) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(bytes)) {
            for (int i = 0; i < entries.length; i += 2) {
                byte[] data = entries[i + 1].getBytes(StandardCharsets.UTF_8);
                byte[] h = new byte[512];
                byte[] name = entries[i].getBytes(StandardCharsets.UTF_8);
                System.arraycopy(name, 0, h, 0, name.length);
                put(h, 100, "0000644");
                put(h, 124, String.format("%011o", data.length));
                put(h, 136, String.format("%011o", 0));
                h[156] = '0';
                put(h, 257, "ustar");
                put(h, 263, "00");
                for (int k = 148; k < 156; k++) {
                    h[k] = ' ';
                }
                int sum = 0;
                for (byte b : h) {
                    sum += b & 0xff;
                }
                put(h, 148, String.format("%06o", sum));
                gz.write(h);
                gz.write(data);
                gz.write(new byte[(512 - data.length % 512) % 512]);
            }
            gz.write(new byte[1024]);
        }
        return bytes.toByteArray();
    }

    private static void put(byte[] h, int off, String s) {
        byte[] b = s.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(b, 0, h, off, b.length);
    }
}
