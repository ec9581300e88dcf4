package org.tl4j.core.weights;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A minimal HTTP/1.1 server on 127.0.0.1 (a free port) for download tests: one request per connection, answered by
 * the handler registered for the first path segment. Handlers write the raw response, so a test can also send a
 * {@code Content-Length} larger than the body and close the connection. Only java.base is used:
 * {@code com.sun.net.httpserver} is not readable by the tl-api module when its tests are compiled.
 */
final class LoopbackServer implements AutoCloseable {

    /** Writes the raw response for one request. */
    @FunctionalInterface
    interface Handler {
        void handle(String path, OutputStream out) throws IOException;
    }

    private final ServerSocket socket;
    private final Map<String, Handler> routes = new ConcurrentHashMap<>();
    private final AtomicInteger requests = new AtomicInteger();
    private final Thread thread;

    LoopbackServer() throws IOException {
        socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        thread = new Thread(this::serve, "loopback-http-" + socket.getLocalPort());
        thread.setDaemon(true);
        thread.start();
    }

    /** Answers requests whose path starts with {@code /segment/}. */
    LoopbackServer route(String segment, Handler handler) {
        routes.put(segment, handler);
        return this;
    }

    String url(String path) {
        return "http://127.0.0.1:" + socket.getLocalPort() + path;
    }

    /** Requests received so far. */
    int requests() {
        return requests.get();
    }

    /** Writes a complete response with a {@code Content-Length}. */
    static void respond(OutputStream out, int status, byte[] body) throws IOException {
        head(out, status, body.length);
        out.write(body);
        out.flush();
    }

    /** Writes the status line and headers announcing {@code contentLength} bytes. */
    static void head(OutputStream out, int status, long contentLength) throws IOException {
        out.write(("HTTP/1.1 " + status + " X\r\nContent-Length: " + contentLength + "\r\nConnection: close\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
    }

    private void serve() {
        while (!socket.isClosed()) {
            try (Socket s = socket.accept()) {
                answer(s);
            } catch (IOException e) {
                if (socket.isClosed()) {
                    return;
                }
            }
        }
    }

    private void answer(Socket s) throws IOException {
        String request = readHead(s.getInputStream());
        requests.incrementAndGet();
        String[] line = request.split("\r\n", 2)[0].split(" ");
        String path = line.length > 1 ? line[1] : "/";
        String[] segments = path.split("/");
        Handler h = segments.length > 1 ? routes.get(segments[1]) : null;
        OutputStream out = s.getOutputStream();
        if (h == null) {
            respond(out, 404, new byte[0]);
        } else {
            h.handle(path, out);
            out.flush();
        }
    }

    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        byte[] end = {'\r', '\n', '\r', '\n'};
        while (matched < end.length) {
            int b = in.read();
            if (b < 0) {
                break;
            }
            head.write(b);
            matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        return head.toString(StandardCharsets.US_ASCII);
    }

    @Override
    public void close() throws IOException {
        socket.close();
        try {
            thread.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
