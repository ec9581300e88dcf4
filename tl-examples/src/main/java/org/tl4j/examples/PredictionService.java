package org.tl4j.examples;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.tl4j.api.DataException;
import org.tl4j.core.predict.Classifier;
import org.tl4j.core.predict.Prediction;
import org.tl4j.core.run.JsonText;

/**
 * A trained model behind an HTTP endpoint, with the JDK's own server and no framework: {@code POST /predict} with an
 * image (JPEG, PNG, BMP or GIF) as the body answers {@code {"label": …, "probability": …, "top": [{"label": …,
 * "probability": …}, …]}}. A body that is not a usable image gets 400 with {@code {"error": "…"}}; no request gets a
 * stack trace.
 *
 * <pre>
 * java -p … -m org.tl4j.examples/org.tl4j.examples.PredictionService runs/…/model 8080
 * curl --data-binary @photo.jpg http://localhost:8080/predict
 * </pre>
 */
public final class PredictionService implements AutoCloseable {
    /** The largest body accepted: a photo, not a video. */
    static final int MAX_BODY_BYTES = 32 << 20;
    private static final System.Logger LOG = System.getLogger(PredictionService.class.getName());

    private final HttpServer server;
    private final ExecutorService workers;

    private PredictionService(HttpServer server, ExecutorService workers) {
        this.server = server;
        this.workers = workers;
    }

    /** Serves {@code classifier} on {@code address} (port 0 picks a free one) with {@code threads} request threads. */
    public static PredictionService start(Classifier classifier, InetSocketAddress address, int threads)
            throws IOException {
        HttpServer server = HttpServer.create(address, 0);
        ExecutorService workers = Executors.newFixedThreadPool(threads);
        server.createContext("/predict", exchange -> handle(classifier, exchange));
        server.setExecutor(workers);
        server.start();
        return new PredictionService(server, workers);
    }

    /** Where it listens. */
    public InetSocketAddress address() {
        return server.getAddress();
    }

    /** Stops accepting requests and ends the request threads (the classifier stays open: its owner closes it). */
    @Override
    public void close() {
        server.stop(0);
        workers.shutdownNow();
    }

    private static void handle(Classifier classifier, HttpExchange exchange) throws IOException {
        try (exchange) {
            reply(exchange, answer(classifier, exchange));
        }
    }

    /** The status and JSON for a request; a bad image or request is a 4xx with a message, never a stack trace. */
    private static Answer answer(Classifier classifier, HttpExchange exchange) throws IOException {
        if (!"POST".equals(exchange.getRequestMethod())) {
            exchange.getResponseHeaders().set("Allow", "POST");
            return Answer.error(405, "use POST /predict with the image as the request body");
        }
        byte[] body = readBody(exchange.getRequestBody());
        if (body == null) {
            return Answer.error(413, "the image is larger than " + (MAX_BODY_BYTES >> 20) + " MB");
        }
        try {
            return new Answer(200, json(classifier.predict(body)));
        } catch (DataException e) {
            return Answer.error(400, e.getMessage());
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "prediction failed", e);
            return Answer.error(500, "prediction failed: " + e.getMessage());
        }
    }

    /** An HTTP status and its JSON body. */
    private record Answer(int status, Map<String, Object> json) {
        static Answer error(int status, String message) {
            return new Answer(status, Map.of("error", String.valueOf(message)));
        }
    }

    /** The body, or null when it is larger than {@link #MAX_BODY_BYTES}. */
    private static byte[] readBody(InputStream in) throws IOException {
        byte[] body = in.readNBytes(MAX_BODY_BYTES + 1);
        return body.length > MAX_BODY_BYTES ? null : body;
    }

    private static Map<String, Object> json(Prediction p) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("label", p.label());
        out.put("probability", p.probability());
        out.put("top", p.topK().stream().map(s -> Map.of("label", s.label(), "probability", s.probability()))
                .toList());
        return out;
    }

    private static void reply(HttpExchange exchange, Answer answer) throws IOException {
        byte[] bytes = (JsonText.line(answer.json()) + "\n").getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
        exchange.sendResponseHeaders(answer.status(), bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    /** {@code PredictionService BUNDLE [PORT]}: serves until the process is stopped. */
    public static void main(String[] args) throws IOException, InterruptedException {
        if (args.length < 1 || args.length > 2) {
            throw new IllegalArgumentException("usage: PredictionService BUNDLE [PORT]");
        }
        int port = args.length > 1 ? Integer.parseInt(args[1]) : 8080;
        Classifier classifier = Classifier.load(Path.of(args[0]));
        PredictionService service = start(classifier, new InetSocketAddress(port), 4);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            service.close();
            classifier.close();
            stopped.countDown();
        }));
        System.out.println("serving " + classifier.labels() + " on http://localhost:" + service.address().getPort()
                + "/predict");
        stopped.await();
    }
}
