package org.tl4j.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tl4j.core.predict.Classifier;
import org.tl4j.core.predict.Prediction;
import org.tl4j.core.run.JsonText;
import org.tl4j.spi.Device;

/** The HTTP example answers images with JSON on a loopback port, and a bad request with 4xx and a message. */
class PredictionServiceTests {
    @TempDir
    static Path work;

    private static Classifier classifier;
    private static PredictionService service;
    private static List<Path> images;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void serveTheQuickstartModel() throws IOException {
        Path run = Fixtures.fashion2Model(work).runDirectory().dir();
        images = JsonText.read(run.resolve("evaluation.json")).getConfigList("predictions").stream()
                .map(p -> Path.of(p.getString("path"))).toList();
        classifier = Classifier.builder().setBundle(run).optDevice(Device.CPU).optThreads(2).build();
        service = PredictionService.start(classifier, new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 4);
    }

    @AfterAll
    static void stop() {
        service.close();
        classifier.close();
    }

    @Test
    void postingAnImageAnswersItsPrediction() throws Exception {
        for (Path image : images.subList(0, 4)) {
            HttpResponse<String> r = post(HttpRequest.BodyPublishers.ofFile(image));
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            assertThat(r.headers().firstValue("Content-Type")).hasValue("application/json; charset=utf-8");
            Config json = ConfigFactory.parseString(r.body());
            Prediction expected = classifier.predict(image);
            assertThat(json.getString("label")).isEqualTo(expected.label());
            assertThat(json.getDouble("probability")).isEqualTo(expected.probability());
            assertThat(json.getConfigList("top")).hasSize(2);
            assertThat(json.getConfigList("top").get(0).getString("label")).isEqualTo(expected.label());
        }
    }

    @Test
    void aBadImageIs400WithAMessageNeverAStackTrace() throws Exception {
        HttpResponse<String> garbage = post(HttpRequest.BodyPublishers.ofString("hello, world"));
        assertThat(garbage.statusCode()).isEqualTo(400);
        assertThat(ConfigFactory.parseString(garbage.body()).getString("error"))
                .startsWith("bad image in memory: not a JPEG, PNG, BMP or GIF image");
        byte[] png = Files.readAllBytes(images.get(0));
        HttpResponse<String> truncated = post(HttpRequest.BodyPublishers.ofByteArray(png, 0, png.length / 2));
        assertThat(truncated.statusCode()).as(truncated.body()).isEqualTo(400);
        assertThat(truncated.body()).contains("\"error\"").doesNotContain("\tat ", "Exception");
        HttpResponse<String> empty = post(HttpRequest.BodyPublishers.noBody());
        assertThat(empty.statusCode()).isEqualTo(400);
        assertThat(empty.body()).contains("empty file (0 bytes)");
    }

    @Test
    void getIs405WithTheWayToUseIt() throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri()).GET().build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        assertThat(r.statusCode()).isEqualTo(405);
        assertThat(r.headers().firstValue("Allow")).hasValue("POST");
        assertThat(r.body()).contains("use POST /predict with the image as the request body");
    }

    private HttpResponse<String> post(HttpRequest.BodyPublisher body) throws Exception {
        return http.send(HttpRequest.newBuilder(uri()).POST(body).build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    private static URI uri() {
        return URI.create("http://127.0.0.1:" + service.address().getPort() + "/predict");
    }
}
