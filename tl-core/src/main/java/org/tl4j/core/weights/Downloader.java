package org.tl4j.core.weights;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Locale;
import org.tl4j.api.Tl4j;
import org.tl4j.spi.WeightFile;

/**
 * Downloads one weight file over HTTP(S) into a temporary file beside its target, checks the byte count (against
 * {@code Content-Length} and the catalogue's size) and the hash while the bytes arrive, and renames it into place.
 * Any failure deletes the temporary file and is reported as an {@link IOException} whose message is the reason.
 */
final class Downloader {
    private static final int BLOCK = 1 << 16;

    private final HttpClient client;
    private final Duration timeout;
    private final DownloadListener listener;

    Downloader(HttpClient client, Duration timeout, DownloadListener listener) {
        this.client = client;
        this.timeout = timeout;
        this.listener = listener;
    }

    /** Downloads {@code file} to {@code target}; returns the number of bytes. */
    long download(WeightFile file, Path target) throws IOException, InterruptedException {
        URI uri = uri(file.url());
        Path tmp = AtomicFiles.createTemp(target);
        boolean moved = false;
        try {
            long bytes = fetch(file, uri, tmp);
            AtomicFiles.moveInto(tmp, target);
            moved = true;
            listener.finished(bytes);
            return bytes;
        } catch (IOException | RuntimeException e) {
            listener.failed(String.valueOf(e.getMessage()));
            throw e;
        } finally {
            if (!moved) {
                AtomicFiles.deleteQuietly(tmp);
            }
        }
    }

    private long fetch(WeightFile file, URI uri, Path tmp) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(timeout)
                .header("User-Agent", "tl4j/" + Tl4j.version()).GET().build();
        HttpResponse<InputStream> response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream body = response.body()) {
            if (response.statusCode() != 200) {
                throw new IOException("the server answered HTTP " + response.statusCode());
            }
            long announced = response.headers().firstValueAsLong("Content-Length").orElse(-1);
            if (announced >= 0 && file.size() >= 0 && announced != file.size()) {
                throw new IOException("the server announces " + announced + " bytes, but the file has "
                        + file.size());
            }
            long total = announced >= 0 ? announced : file.size();
            String algorithm = Digests.algorithm(file);
            MessageDigest digest = algorithm == null ? null : Digests.create(algorithm);
            listener.started(file.fileName(), file.url(), total);
            long bytes = copy(body, tmp, digest, total);
            checkComplete(file, announced, bytes);
            if (digest != null) {
                String actual = Digests.hex(digest);
                if (!Digests.same(actual, file.hash())) {
                    throw new IOException("the downloaded file's " + algorithm + " is " + actual + ", expected "
                            + file.hash() + " (damaged or changed on the server); it was discarded");
                }
            }
            return bytes;
        }
    }

    private long copy(InputStream body, Path tmp, MessageDigest digest, long total) throws IOException {
        byte[] buf = new byte[BLOCK];
        long bytes = 0;
        try (FileChannel out = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
            for (int n = read(body, buf, bytes, total); n >= 0; n = read(body, buf, bytes, total)) {
                ByteBuffer bb = ByteBuffer.wrap(buf, 0, n);
                while (bb.hasRemaining()) {
                    out.write(bb);
                }
                if (digest != null) {
                    digest.update(buf, 0, n);
                }
                bytes += n;
                listener.progress(bytes, total);
            }
            out.force(true);
        }
        return bytes;
    }

    private static int read(InputStream body, byte[] buf, long bytes, long total) throws IOException {
        try {
            return body.read(buf);
        } catch (IOException e) {
            throw new IOException("the connection broke after " + bytes + " bytes"
                    + (total >= 0 ? " of " + total : "") + " (" + e.getMessage() + ")", e);
        }
    }

    private static void checkComplete(WeightFile file, long announced, long bytes) throws IOException {
        if (announced >= 0 && bytes != announced) {
            throw new IOException("received " + bytes + " bytes, but the server announced " + announced);
        }
        if (file.size() >= 0 && bytes != file.size()) {
            throw new IOException("received " + bytes + " bytes, but the file has " + file.size());
        }
    }

    private static URI uri(String url) throws IOException {
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            throw new IOException("invalid URL: " + e.getMessage(), e);
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new IOException("only http and https URLs can be downloaded, not '" + url + "'");
        }
        return uri;
    }
}
