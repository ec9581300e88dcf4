package org.tl4j.core.weights;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tl4j.api.WeightsException;
import org.tl4j.api.config.Suggest;
import org.tl4j.api.internal.HomePaths;
import org.tl4j.api.weights.Weights;
import org.tl4j.spi.Backbone;
import org.tl4j.spi.BackboneSpec;
import org.tl4j.spi.WeightFile;

/**
 * Turns a {@code weights} setting into a local file: {@code none} (random initialisation, done by the caller), the
 * path of a {@code .h5} or {@code .safetensors} file, or the id of a backbone's catalogue entry such as
 * {@code imagenet}. A catalogue file is looked up in tl4j's cache ({@code ~/.tl4j/weights}), then in Keras's
 * ({@code ~/.keras/models}), so a Keras user downloads nothing, and is otherwise downloaded into tl4j's cache: over
 * HTTP(S), with progress reported to a {@link DownloadListener}, its size and hash checked where the catalogue knows
 * them, written to a temporary file and renamed into place, so that a failed download leaves nothing behind.
 *
 * <p>A cached file whose size or hash does not match its catalogue entry is ignored (and replaced when downloaded
 * again). An expected hash given to the resolver ({@code backbone.weights-hash}) replaces the catalogue's hash and
 * size: for a file made elsewhere under Keras's name (a mirror, a re-trained base), or to pin a file whose publisher
 * gives no hash (MobileNetV2's); it also checks an explicit file. Offline, or when the download fails, the {@link WeightsException} names the file, its URL, the folders
 * searched and the command that places the file by hand.
 *
 * <p>Instances are immutable and thread-safe; the home folder, both caches and the HTTP client are injectable, so
 * tests never touch the real home or the network.
 */
public final class WeightResolver {
    /** The setting that asks for no weight file (random initialisation). */
    public static final String NONE = "none";

    private static final Logger LOG = LoggerFactory.getLogger(WeightResolver.class);
    private static final Pattern SHELL_SAFE = Pattern.compile("[A-Za-z0-9_./:~@%+=,-]+");

    /** Whether a resolver may download. */
    public enum Network {
        /** Download catalogue files missing from the caches. */
        ONLINE,
        /** Never download; a missing file is an error that says how to place it by hand. */
        OFFLINE
    }

    private final Path home;
    private final Path cacheDir;
    private final Path kerasCacheDir;
    private final Network network;
    private final DownloadListener listener;
    private final HttpClient httpClient;
    private final Duration timeout;
    private final String expectedHash;

    private WeightResolver(Builder b) {
        this.home = b.home != null ? b.home : Path.of(System.getProperty("user.home"));
        this.cacheDir = b.cacheDir != null ? HomePaths.expand(b.cacheDir, home)
                : home.resolve(".tl4j").resolve("weights");
        this.kerasCacheDir = b.kerasCacheDir != null ? HomePaths.expand(b.kerasCacheDir, home)
                : defaultKerasCache(b.home);
        this.network = b.network;
        this.listener = b.listener;
        this.httpClient = b.httpClient;
        this.timeout = b.timeout;
        this.expectedHash = b.expectedHash;
    }

    /** A builder with the defaults: the user's home, both standard caches, online, logging progress. */
    public static Builder builder() {
        return new Builder();
    }

    /** tl4j's download cache. */
    public Path cacheDir() {
        return cacheDir;
    }

    /** Keras's cache, searched after tl4j's. */
    public Path kerasCacheDir() {
        return kerasCacheDir;
    }

    /** The folders searched for catalogue files, in order. */
    public List<Path> searchDirs() {
        return List.of(cacheDir, kerasCacheDir);
    }

    /** Whether this resolver may download. */
    public Network network() {
        return network;
    }

    /**
     * Resolves a {@code weights} setting for a backbone: empty for {@code none}, else the local file, downloading
     * a catalogue file when needed and allowed.
     */
    public Optional<Path> resolve(String setting, Backbone backbone, BackboneSpec spec) {
        if (setting == null || setting.isBlank()) {
            throw new WeightsException("the weights setting is empty; use none, a catalogue id ("
                    + ids(backbone, spec) + ") or the path of a .h5 or .safetensors file");
        }
        String s = setting.strip();
        if (s.equalsIgnoreCase(NONE)) {
            return Optional.empty();
        }
        if (looksLikePath(s)) {
            return Optional.of(explicitFile(s, backbone, spec));
        }
        Optional<WeightFile> entry = backbone.weightFile(s, spec);
        if (entry.isEmpty()) {
            List<String> known = backbone.weightCatalogue(spec).stream().map(WeightFile::id).distinct().toList();
            throw new WeightsException("backbone '" + backbone.id() + "' has no weights '" + s + "' for " + spec
                    + " (known: " + (known.isEmpty() ? "none" : String.join(", ", known)) + ")"
                    + Suggest.didYouMean(s, known) + "; use none, a catalogue id or the path of a .h5 or "
                    + ".safetensors file");
        }
        return Optional.of(resolve(entry.get()));
    }

    /**
     * Resolves the setting and reads the weights for the backbone's graph, checked against it; empty weights for
     * {@code none}.
     */
    public Weights load(String setting, Backbone backbone, BackboneSpec spec) {
        Optional<Path> file = resolve(setting, backbone, spec);
        if (file.isEmpty()) {
            return Weights.empty();
        }
        return WeightFormat.require(file.get()).read(file.get(), backbone.graph(spec));
    }

    /**
     * The catalogue entry as this resolver checks it: with the expected hash in place of the catalogue's hash and
     * size, when one was given.
     */
    public WeightFile expected(WeightFile file) {
        return expectedHash == null ? file
                : new WeightFile(file.id(), file.fileName(), file.url(), null, expectedHash, -1L);
    }

    /** The local copy of a catalogue file, downloading it into the cache when none is found and downloads are on. */
    public Path resolve(WeightFile catalogued) {
        WeightFile file = expected(catalogued);
        Optional<Path> local = find(file);
        if (local.isPresent()) {
            return local.get();
        }
        if (network == Network.OFFLINE) {
            throw unavailable(file, "is not in the local caches and downloads are off (offline)", null);
        }
        return download(file);
    }

    /** The first good local copy of a catalogue file in {@link #searchDirs()}, without any download. */
    public Optional<Path> find(WeightFile catalogued) {
        WeightFile file = expected(catalogued);
        for (Path dir : searchDirs()) {
            Path candidate = dir.resolve(file.fileName());
            if (Files.isRegularFile(candidate)) {
                Optional<String> problem = problem(candidate, file);
                if (problem.isEmpty()) {
                    LOG.debug("weights '{}' found at {}", file.id(), candidate);
                    return Optional.of(candidate);
                }
                LOG.warn("ignoring {}: {}", candidate, problem.get());
            }
        }
        return Optional.empty();
    }

    /** Downloads a catalogue file into the cache, replacing any copy there, whatever the network setting. */
    public Path download(WeightFile catalogued) {
        WeightFile file = expected(catalogued);
        Path target = cacheDir.resolve(file.fileName());
        try {
            new Downloader(client(), timeout, listener).download(file, target);
            LOG.info("weights '{}' saved to {}", file.id(), target);
            return target;
        } catch (IOException | RuntimeException e) {
            throw unavailable(file, "could not be downloaded: " + reason(e, file.url(), timeout), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unavailable(file, "was not downloaded: the download was interrupted", e);
        }
    }

    /**
     * Checks a file against its catalogue entry: it exists, has the expected size and the expected hash (each when
     * known); throws a {@link WeightsException} saying what differs.
     */
    public static void verify(Path file, WeightFile expected) {
        if (!Files.isRegularFile(file)) {
            throw new WeightsException(file + ": no such file");
        }
        problem(file, expected).ifPresent(p -> {
            throw new WeightsException(file + ": " + p + "; delete it and fetch it again (tl weights fetch)");
        });
    }

    /** The lower-case hex digest of a file with {@code md5}, {@code sha256} (or {@code sha1}, {@code sha512}). */
    public static String digest(Path file, String algorithm) {
        try {
            return Digests.of(file, Digests.javaName(algorithm));
        } catch (IOException e) {
            throw new WeightsException(file + ": cannot read the file: " + e, e);
        }
    }

    /** What is wrong with a local copy, if anything. */
    private static Optional<String> problem(Path file, WeightFile expected) {
        try {
            long size = Files.size(file);
            if (expected.size() >= 0 && size != expected.size()) {
                return Optional.of("it has " + size + " bytes, expected " + expected.size());
            }
            String algorithm = Digests.algorithm(expected);
            if (algorithm != null) {
                String actual = Digests.of(file, algorithm);
                if (!Digests.same(actual, expected.hash())) {
                    return Optional.of("its " + algorithm + " is " + actual + ", expected " + expected.hash());
                }
            }
            return Optional.empty();
        } catch (IOException e) {
            return Optional.of("it cannot be read (" + e + ")");
        }
    }

    private Path explicitFile(String setting, Backbone backbone, BackboneSpec spec) {
        Path p = HomePaths.expand(setting, home).toAbsolutePath().normalize();
        if (!Files.exists(p)) {
            throw new WeightsException("weights file " + p + " does not exist (weights = \"" + setting
                    + "\"); use none, a catalogue id (" + ids(backbone, spec) + ") or the path of an existing "
                    + ".h5 or .safetensors file");
        }
        if (!Files.isRegularFile(p) || !Files.isReadable(p)) {
            throw new WeightsException("weights file " + p + " is not a readable file (weights = \"" + setting
                    + "\")");
        }
        WeightFormat.require(p);
        if (expectedHash != null) {
            WeightFile given = new WeightFile(setting, p.getFileName().toString(), p.toUri().toString(), null, null,
                    -1L);
            problem(p, expected(given)).ifPresent(why -> {
                throw new WeightsException("weights file " + p + ": " + why + " (backbone.weights-hash); use the file"
                        + " that hash names, or set backbone.weights-hash = null");
            });
        }
        return p;
    }

    private static boolean looksLikePath(String s) {
        String lower = s.toLowerCase(Locale.ROOT);
        return s.indexOf('/') >= 0 || s.indexOf('\\') >= 0 || s.startsWith("~") || s.startsWith(".")
                || lower.endsWith(".h5") || lower.endsWith(".hdf5") || lower.endsWith(".safetensors");
    }

    private static String ids(Backbone backbone, BackboneSpec spec) {
        List<String> ids = backbone.weightCatalogue(spec).stream().map(WeightFile::id).distinct().toList();
        return ids.isEmpty() ? "none for " + backbone.id() : String.join(", ", ids);
    }

    private WeightsException unavailable(WeightFile file, String why, Throwable cause) {
        Path target = cacheDir.resolve(file.fileName());
        StringBuilder m = new StringBuilder();
        m.append("weights '").append(file.id()).append("' (").append(file.fileName()).append(") ").append(why)
                .append(".\n  URL: ").append(file.url())
                .append("\n  folders searched: ").append(cacheDir).append(", ").append(kerasCacheDir)
                .append("\n  to place the file by hand, run:\n    mkdir -p ").append(shell(cacheDir.toString()))
                .append(" && curl -fL -o ").append(shell(target.toString())).append(' ').append(shell(file.url()));
        String algorithm = Digests.algorithm(file);
        if (algorithm != null) {
            m.append("\n  then check it: ").append(Digests.shellCommand(algorithm)).append(' ')
                    .append(shell(target.toString())).append(" should print ").append(file.hash().strip());
        }
        return cause == null ? new WeightsException(m.toString()) : new WeightsException(m.toString(), cause);
    }

    /** A readable reason for a failed download; the JDK's network exceptions often have no message. */
    static String reason(Exception e, String url, Duration timeout) {
        if (e instanceof HttpTimeoutException) {
            return "the server did not answer within " + timeout.toSeconds() + " s";
        }
        if (e instanceof ConnectException) {
            Throwable cause = e.getCause();
            String host = hostOf(url);
            if (cause instanceof UnresolvedAddressException) {
                return "the host " + host + " cannot be resolved (no network, or a proxy is needed)";
            }
            return "cannot connect to " + host + (e.getMessage() != null ? " (" + e.getMessage() + ")" : "");
        }
        if (e.getMessage() != null && !e.getMessage().isBlank()) {
            return e.getMessage();
        }
        return e.getClass().getSimpleName() + (e.getCause() != null ? " (" + e.getCause() + ")" : "");
    }

    private static String hostOf(String url) {
        try {
            URI uri = URI.create(url);
            return uri.getHost() + (uri.getPort() >= 0 ? ":" + uri.getPort() : "");
        } catch (IllegalArgumentException e) {
            return url;
        }
    }

    static String shell(String s) {
        return SHELL_SAFE.matcher(s).matches() ? s : "'" + s.replace("'", "'\\''") + "'";
    }

    private HttpClient client() {
        return httpClient != null ? httpClient : defaultClient();
    }

    /** The default HTTP client of downloads: follows redirects, 30 s to connect. */
    static HttpClient defaultClient() {
        return HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL)
                .connectTimeout(Duration.ofSeconds(30)).build();
    }

    /** {@code $KERAS_HOME/models} when set and the home is the real one, else {@code home/.keras/models}. */
    private Path defaultKerasCache(Path injectedHome) {
        String kerasHome = injectedHome == null ? System.getenv("KERAS_HOME") : null;
        if (kerasHome != null && !kerasHome.isBlank()) {
            return Path.of(kerasHome).resolve("models");
        }
        return home.resolve(".keras").resolve("models");
    }

    /** Builds a {@link WeightResolver}; {@code opt…} methods override defaults. */
    public static final class Builder {
        private Path home;
        private String cacheDir;
        private String kerasCacheDir;
        private Network network = Network.ONLINE;
        private DownloadListener listener = DownloadListener.logging();
        private HttpClient httpClient;
        private Duration timeout = Duration.ofMinutes(10);
        private String expectedHash;

        private Builder() {
        }

        /** The home folder that {@code ~} and the default caches refer to (default: {@code user.home}). */
        public Builder optHome(Path home) {
            this.home = Objects.requireNonNull(home, "home");
            return this;
        }

        /** tl4j's cache folder (default {@code ~/.tl4j/weights}); a leading {@code ~} means the home folder. */
        public Builder optCacheDir(String dir) {
            this.cacheDir = Objects.requireNonNull(dir, "dir");
            return this;
        }

        /** tl4j's cache folder. */
        public Builder optCacheDir(Path dir) {
            return optCacheDir(dir.toString());
        }

        /**
         * Keras's cache folder (default {@code $KERAS_HOME/models}, else {@code ~/.keras/models}); a leading
         * {@code ~} means the home folder.
         */
        public Builder optKerasCacheDir(String dir) {
            this.kerasCacheDir = Objects.requireNonNull(dir, "dir");
            return this;
        }

        /** Keras's cache folder. */
        public Builder optKerasCacheDir(Path dir) {
            return optKerasCacheDir(dir.toString());
        }

        /** Whether downloads are allowed (default {@link Network#ONLINE}). */
        public Builder optNetwork(Network network) {
            this.network = Objects.requireNonNull(network, "network");
            return this;
        }

        /** Who follows downloads (default {@link DownloadListener#logging()}). */
        public Builder optListener(DownloadListener listener) {
            this.listener = Objects.requireNonNull(listener, "listener");
            return this;
        }

        /** The HTTP client for downloads (default: one that follows redirects, 30 s connect timeout). */
        public Builder optHttpClient(HttpClient client) {
            this.httpClient = Objects.requireNonNull(client, "client");
            return this;
        }

        /** How long to wait for the server to answer a download request (default 10 minutes). */
        public Builder optTimeout(Duration timeout) {
            this.timeout = Objects.requireNonNull(timeout, "timeout");
            return this;
        }

        /**
         * The hex MD5 (32 digits) or SHA-256 (64 digits) that a weight file must have, replacing the catalogue's hash
         * and size; null (the default) keeps the catalogue's.
         */
        public Builder optExpectedHash(String hash) {
            this.expectedHash = hash == null || hash.isBlank() ? null : hash.strip().toLowerCase(Locale.ROOT);
            return this;
        }

        /** The resolver; folders are not created until a download needs them. */
        public WeightResolver build() {
            return new WeightResolver(this);
        }
    }
}
