package org.tl4j.core.weights;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.tl4j.api.WeightsException;
import org.tl4j.api.graph.Graph;
import org.tl4j.api.weights.Weights;
import org.tl4j.spi.Backbone;
import org.tl4j.spi.BackboneSpec;
import org.tl4j.spi.LayerGroup;
import org.tl4j.spi.Preprocessing;
import org.tl4j.spi.WeightFile;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class WeightResolverTests {
    private static final String FILE = "tiny_root.h5";
    private static final BackboneSpec SPEC = BackboneSpec.of(4, 4, 1.0);

    @TempDir
    Path home;

    private LoopbackServer server;
    private byte[] bytes;
    private String md5;

    @BeforeEach
    void startServer() throws IOException {
        bytes = Files.readAllBytes(TinyNet.fixture(FILE));
        md5 = WeightResolver.digest(TinyNet.fixture(FILE), "md5");
        server = new LoopbackServer()
                .route("ok", (path, out) -> LoopbackServer.respond(out, 200, bytes))
                .route("missing", (path, out) -> LoopbackServer.respond(out, 404,
                        "no such file".getBytes(StandardCharsets.UTF_8)))
                .route("drop", (path, out) -> {
                    LoopbackServer.head(out, 200, bytes.length);
                    out.write(bytes, 0, 1000);
                });
    }

    @AfterEach
    void stopServer() throws IOException {
        server.close();
    }

    @Test
    void noneMeansNoFile() {
        assertThat(resolver().build().resolve("none", backbone(entry("ok", md5)), SPEC)).isEmpty();
        assertThat(resolver().build().resolve(" NONE ", backbone(entry("ok", md5)), SPEC)).isEmpty();
        assertThat(resolver().build().load("none", backbone(entry("ok", md5)), SPEC).size()).isZero();
    }

    @Test
    void downloadsIntoTheCacheWithProgressThenUsesTheCacheWithoutARequest() throws IOException {
        List<long[]> progress = new ArrayList<>();
        List<String> events = new ArrayList<>();
        DownloadListener listener = new DownloadListener() {
            @Override
            public void started(String fileName, String url, long totalBytes) {
                events.add("started " + fileName + " " + totalBytes);
            }

            @Override
            public void progress(long received, long totalBytes) {
                progress.add(new long[] {received, totalBytes});
            }

            @Override
            public void finished(long received) {
                events.add("finished " + received);
            }
        };
        Backbone backbone = backbone(entry("ok", md5));

        Optional<Path> first = resolver().optListener(listener).build().resolve("imagenet", backbone, SPEC);

        Path cached = home.resolve(".tl4j/weights").resolve(FILE);
        assertThat(first).contains(cached);
        assertThat(Files.readAllBytes(cached)).isEqualTo(bytes);
        assertThat(server.requests()).isEqualTo(1);
        assertThat(events).containsExactly("started " + FILE + " " + bytes.length, "finished " + bytes.length);
        assertThat(progress).isNotEmpty();
        assertThat(progress).allSatisfy(p -> assertThat(p[1]).isEqualTo(bytes.length));
        assertThat(progress.stream().mapToLong(p -> p[0])).isSorted();
        assertThat(progress.get(progress.size() - 1)[0]).isEqualTo(bytes.length);
        assertThat(cacheFiles()).containsExactly(cached);

        Optional<Path> second = resolver().build().resolve("imagenet", backbone, SPEC);

        assertThat(second).contains(cached);
        assertThat(server.requests()).isEqualTo(1);
    }

    @Test
    void loadsTheDownloadedWeightsForTheBackbonesGraph() {
        Weights w = resolver().build().load("imagenet", backbone(entry("ok", md5)), SPEC);

        assertThat(w.names()).containsExactlyElementsOf(TinyNet.WEIGHT_NAMES);
    }

    @Test
    void usesKerassCacheWithoutDownloading() throws IOException {
        Path keras = Files.createDirectories(home.resolve(".keras/models")).resolve(FILE);
        Files.write(keras, bytes);

        Optional<Path> p = resolver().build().resolve("imagenet", backbone(entry("ok", md5)), SPEC);

        assertThat(p).contains(keras);
        assertThat(server.requests()).isEqualTo(0);
    }

    @Test
    void honoursConfiguredCacheFolders() throws IOException {
        Path keras = Files.createDirectories(home.resolve("kc")).resolve(FILE);
        Files.write(keras, bytes);
        WeightResolver r = resolver().optCacheDir("~/tc").optKerasCacheDir("~/kc").build();

        assertThat(r.searchDirs()).containsExactly(home.resolve("tc"), home.resolve("kc"));
        assertThat(r.resolve("imagenet", backbone(entry("ok", md5)), SPEC)).contains(keras);
        assertThat(server.requests()).isEqualTo(0);
    }

    @Test
    void replacesADamagedCachedFile() throws IOException {
        Path cached = Files.createDirectories(home.resolve(".tl4j/weights")).resolve(FILE);
        byte[] damaged = bytes.clone();
        damaged[damaged.length - 1] ^= 1;
        Files.write(cached, damaged);

        Optional<Path> p = resolver().build().resolve("imagenet", backbone(entry("ok", md5)), SPEC);

        assertThat(p).contains(cached);
        assertThat(Files.readAllBytes(cached)).isEqualTo(bytes);
        assertThat(server.requests()).isEqualTo(1);
    }

    @Test
    void aHashMismatchFailsAndLeavesNothingInTheCache() {
        String wrong = "0123456789abcdef0123456789abcdef";
        List<String> failures = new ArrayList<>();
        DownloadListener listener = new DownloadListener() {
            @Override
            public void progress(long received, long totalBytes) {
            }

            @Override
            public void failed(String reason) {
                failures.add(reason);
            }
        };

        assertThatThrownBy(() -> resolver().optListener(listener).build()
                .resolve("imagenet", backbone(entry("ok", wrong)), SPEC))
                .isInstanceOf(WeightsException.class)
                .hasMessageContaining("could not be downloaded")
                .hasMessageContaining("MD5 is " + md5 + ", expected " + wrong)
                .hasMessageContaining("md5sum");
        assertThat(failures).hasSize(1);
        assertThat(cacheFiles()).isEmpty();
    }

    @Test
    void aSha256OfSixtyFourDigitsIsCheckedToo() throws IOException {
        String sha = WeightResolver.digest(TinyNet.fixture(FILE), "sha256");
        WeightFile good = new WeightFile("imagenet", FILE, url("ok"), null, sha, -1);
        WeightFile bad = new WeightFile("imagenet", FILE, url("ok"), null, "0".repeat(64), -1);

        assertThatThrownBy(() -> resolver().build().resolve(bad))
                .hasMessageContaining("SHA-256 is " + sha)
                .hasMessageContaining("sha256sum");
        assertThat(resolver().build().resolve(good)).hasBinaryContent(bytes);
    }

    @Test
    void aConnectionDroppedMidwayLeavesNoPartialFile() {
        assertThatThrownBy(() -> resolver().build().resolve("imagenet", backbone(entry("drop", null)), SPEC))
                .isInstanceOf(WeightsException.class)
                .hasMessageContaining("could not be downloaded")
                .hasMessageMatching("(?s).*(connection broke after|received) 1000 bytes.*")
                .hasMessageContaining(url("drop"));
        assertThat(server.requests()).isEqualTo(1);
        assertThat(cacheFiles()).isEmpty();
    }

    @Test
    void anHttpErrorFailsNamingTheStatus() {
        assertThatThrownBy(() -> resolver().build().resolve("imagenet", backbone(entry("missing", md5)), SPEC))
                .isInstanceOf(WeightsException.class)
                .hasMessageContaining("the server answered HTTP 404");
        assertThat(cacheFiles()).isEmpty();
    }

    @Test
    void aSizeMismatchFails() {
        WeightFile wrongSize = new WeightFile("imagenet", FILE, url("ok"), null, null, bytes.length + 1L);

        assertThatThrownBy(() -> resolver().build().resolve(wrongSize))
                .hasMessageContaining("the server announces " + bytes.length + " bytes, but the file has "
                        + (bytes.length + 1));
        assertThat(cacheFiles()).isEmpty();
    }

    @Test
    void offlineNamesTheFileUrlFoldersAndTheCommandToPlaceItByHand() {
        WeightResolver r = resolver().optNetwork(WeightResolver.Network.OFFLINE).build();
        Path cache = home.resolve(".tl4j/weights");

        assertThatThrownBy(() -> r.resolve("imagenet", backbone(entry("ok", md5)), SPEC))
                .isInstanceOf(WeightsException.class)
                .hasMessageContaining("weights 'imagenet' (" + FILE + ") is not in the local caches and downloads "
                        + "are off (offline)")
                .hasMessageContaining("URL: " + url("ok"))
                .hasMessageContaining("folders searched: " + cache + ", " + home.resolve(".keras/models"))
                .hasMessageContaining("mkdir -p " + cache + " && curl -fL -o " + cache.resolve(FILE) + " "
                        + url("ok"))
                .hasMessageContaining("md5sum " + cache.resolve(FILE) + " should print " + md5);
        assertThat(server.requests()).isEqualTo(0);
    }

    @Test
    void anUnreachableServerGivesTheSameInstructions() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        String u = "http://127.0.0.1:" + port + "/" + FILE;

        assertThatThrownBy(() -> resolver().build().resolve(new WeightFile("imagenet", FILE, u, "md5", md5, -1)))
                .isInstanceOf(WeightsException.class)
                .hasMessageContaining("could not be downloaded")
                .hasMessageContaining("curl -fL -o");
        assertThat(cacheFiles()).isEmpty();
    }

    @Test
    void resolvesExplicitPathsWithTildeAndChecksThem() throws IOException {
        Path file = Files.write(home.resolve("mine.h5"), bytes);
        Path other = Files.write(Files.createDirectories(home.resolve("dir")).resolve("w.bin"), new byte[1]);
        WeightResolver r = resolver().build();
        Backbone b = backbone(entry("ok", md5));

        assertThat(r.resolve("~/mine.h5", b, SPEC)).contains(file);
        assertThat(r.resolve(file.toString(), b, SPEC)).contains(file);
        assertThat(r.load(file.toString(), b, SPEC).names()).containsExactlyElementsOf(TinyNet.WEIGHT_NAMES);
        assertThatThrownBy(() -> r.resolve("~/nothere.safetensors", b, SPEC))
                .isInstanceOf(WeightsException.class)
                .hasMessageContaining("weights file " + home.resolve("nothere.safetensors") + " does not exist")
                .hasMessageContaining("catalogue id (imagenet)");
        assertThatThrownBy(() -> r.resolve(other.toString(), b, SPEC))
                .hasMessageContaining("unknown weight file type");
        assertThat(server.requests()).isEqualTo(0);
    }

    @Test
    void anExpectedHashReplacesTheCataloguesHashAndSizeAndChecksExplicitFiles() throws IOException {
        Path keras = Files.createDirectories(home.resolve(".keras/models")).resolve(FILE);
        Files.write(keras, bytes);
        Backbone published = backbone(new WeightFile("imagenet", FILE, url("ok"), "md5",
                "0123456789abcdef0123456789abcdef", 12345));
        WeightResolver offline = resolver().optNetwork(WeightResolver.Network.OFFLINE).build();
        WeightResolver pinned = resolver().optNetwork(WeightResolver.Network.OFFLINE).optExpectedHash(md5).build();
        WeightResolver otherPin = resolver().optExpectedHash("ffffffffffffffffffffffffffffffff").build();

        assertThatThrownBy(() -> offline.resolve("imagenet", published, SPEC))
                .hasMessageContaining("is not in the local caches");
        assertThat(pinned.resolve("imagenet", published, SPEC)).contains(keras);
        assertThat(pinned.resolve(keras.toString(), published, SPEC)).contains(keras);
        assertThatThrownBy(() -> otherPin.resolve(keras.toString(), published, SPEC))
                .isInstanceOf(WeightsException.class)
                .hasMessageContaining("weights file " + keras + ": its MD5 is " + md5
                        + ", expected ffffffffffffffffffffffffffffffff (backbone.weights-hash)");
        assertThat(server.requests()).isEqualTo(0);
    }

    @Test
    void anUnknownIdSuggestsTheClosest() {
        assertThatThrownBy(() -> resolver().build().resolve("imagenett", backbone(entry("ok", md5)), SPEC))
                .isInstanceOf(WeightsException.class)
                .hasMessageContaining("backbone 'tiny' has no weights 'imagenett' for 4x4 (known: imagenet)")
                .hasMessageContaining("did you mean `imagenet`?");
        assertThatThrownBy(() -> resolver().build().resolve(" ", backbone(entry("ok", md5)), SPEC))
                .hasMessageContaining("the weights setting is empty");
    }

    @Test
    void verifiesFilesAgainstTheirCatalogueEntry() throws IOException {
        Path file = Files.write(home.resolve(FILE), bytes);

        WeightResolver.verify(file, entry("ok", md5));
        WeightResolver.verify(file, new WeightFile("imagenet", FILE, url("ok"), null, null, bytes.length));
        assertThatThrownBy(() -> WeightResolver.verify(file, entry("ok", "ffffffffffffffffffffffffffffffff")))
                .isInstanceOf(WeightsException.class)
                .hasMessageContaining(file + ": its MD5 is " + md5 + ", expected ffffffffffffffffffffffffffffffff");
        assertThatThrownBy(() -> WeightResolver.verify(file, new WeightFile("imagenet", FILE, "", null, null, 5)))
                .hasMessageContaining("it has " + bytes.length + " bytes, expected 5");
        assertThatThrownBy(() -> WeightResolver.verify(home.resolve("none.h5"), entry("ok", md5)))
                .hasMessageContaining("no such file");
    }

    @Test
    void digestsWithTheUsualAlgorithms() throws IOException {
        Path abc = Files.writeString(home.resolve("abc"), "abc");

        assertThat(WeightResolver.digest(abc, "md5")).isEqualTo("900150983cd24fb0d6963f7d28e17f72");
        assertThat(WeightResolver.digest(abc, "SHA-256"))
                .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        assertThatThrownBy(() -> WeightResolver.digest(abc, "crc32")).hasMessageContaining("unknown hash algorithm");
    }

    @Test
    void neverTouchesTheRealHomeWhenOneIsInjected() {
        WeightResolver r = resolver().build();

        assertThat(r.cacheDir()).isEqualTo(home.resolve(".tl4j/weights"));
        assertThat(r.kerasCacheDir()).isEqualTo(home.resolve(".keras/models"));
    }

    private WeightResolver.Builder resolver() {
        return WeightResolver.builder().optHome(home).optListener(DownloadListener.none())
                .optTimeout(Duration.ofSeconds(10))
                .optHttpClient(HttpClient.newBuilder().proxy(HttpClient.Builder.NO_PROXY)
                        .connectTimeout(Duration.ofSeconds(5)).build());
    }

    private String url(String context) {
        return server.url("/" + context + "/" + FILE);
    }

    private WeightFile entry(String context, String hash) {
        return new WeightFile("imagenet", FILE, url(context), hash == null ? null : "md5", hash, -1);
    }

    /** Everything in tl4j's cache folder, temporary files included. */
    private List<Path> cacheFiles() {
        Path cache = home.resolve(".tl4j/weights");
        if (!Files.isDirectory(cache)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(cache)) {
            return s.toList();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Backbone backbone(WeightFile... catalogue) {
        return new Backbone() {
            @Override
            public String id() {
                return "tiny";
            }

            @Override
            public String description() {
                return "the tiny test network";
            }

            @Override
            public BackboneSpec defaultSpec() {
                return SPEC;
            }

            @Override
            public Graph graph(BackboneSpec spec) {
                return TinyNet.graph();
            }

            @Override
            public Preprocessing preprocessing() {
                return Preprocessing.TF;
            }

            @Override
            public List<WeightFile> weightCatalogue(BackboneSpec spec) {
                return Arrays.asList(catalogue);
            }

            @Override
            public List<LayerGroup> layerGroups(BackboneSpec spec) {
                return List.of();
            }
        };
    }
}
