import com.typesafe.config.ConfigFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.ServiceLoader;
import java.util.Set;
import org.tl4j.api.graph.Graph;
import org.tl4j.api.tensor.Tensor;
import org.tl4j.api.weights.Initializers;
import org.tl4j.api.weights.Weights;
import org.tl4j.spi.Backbone;
import org.tl4j.spi.BackboneSpec;
import org.tl4j.spi.Backend;
import org.tl4j.spi.BackendEngine;
import org.tl4j.spi.BackendOptions;
import org.tl4j.spi.CompiledModel;
import org.tl4j.spi.Device;
import org.tl4j.spi.Provider;

/**
 * Feature-extraction benchmark and GPU check, generic over the Backend SPI: the backend and the backbone are found by
 * id through ServiceLoader, so any backend jar on the class path can be measured. Run as a single-file program (see
 * bench/run.sh and bench/gpu-check.sh):
 *
 * <pre>
 * java -cp CP bench/Bench.java features  BACKEND BACKBONE SIZE [ALPHA] — images/s at batch 32, latency at batch 1
 * java -cp CP bench/Bench.java gpu-check BACKEND BACKBONE SIZE [ALPHA] — GPU vs CPU features (1e-3 relative), images/s
 * </pre>
 * Settings (system properties): bench.batch (32), bench.batches (7 timed, after 2 warm-up), bench.latencyRuns (20),
 * bench.threads (2; 0 = all cores), bench.device (cpu), bench.options (HOCON for the backend's {@code options}
 * subtree, e.g. {@code options.inter-op-threads = 2}). Weights are tl4j's parity weights (activations of order 1).
 * Prints one {@code RESULT key=value …} line per measurement.
 */
public final class Bench {
    private static final int BATCH = Integer.getInteger("bench.batch", 32);
    private static final int BATCHES = Integer.getInteger("bench.batches", 7);
    private static final int WARMUP = 2;
    private static final int LATENCY_RUNS = Integer.getInteger("bench.latencyRuns", 20);
    private static final int THREADS = Integer.getInteger("bench.threads", 2);
    private static final double GPU_TOLERANCE = 1e-3;

    private Bench() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 4) {
            System.err.println("usage: Bench features|gpu-check BACKEND BACKBONE SIZE [ALPHA]");
            System.exit(2);
        }
        Backend backend = provider(Backend.class, args[1]);
        Backbone backbone = provider(Backbone.class, args[2]);
        int size = Integer.parseInt(args[3]);
        double alpha = args.length > 4 ? Double.parseDouble(args[4]) : 1.0;
        Graph graph = backbone.graph(BackboneSpec.of(size, size, alpha));
        Weights weights = Initializers.parity(graph, 42);
        Tensor batch = Tensor.of(Initializers.uniform("bench-images", BATCH * size * size * 3, 42), BATCH, size,
                size, 3);
        String what = "backend=" + backend.id() + " backbone=" + backbone.id() + " size=" + size;
        if (args[0].equals("gpu-check")) {
            System.exit(gpuCheck(backend, graph, weights, batch, what) ? 0 : 1);
        }
        Device device = Device.valueOf(System.getProperty("bench.device", "cpu").toUpperCase(Locale.ROOT));
        features(backend, device, graph, weights, batch, what);
    }

    private static void features(Backend backend, Device device, Graph graph, Weights weights, Tensor batch,
            String what) throws Exception {
        try (BackendEngine engine = open(backend, device)) {
            long t0 = System.nanoTime();
            try (CompiledModel model = engine.compile(graph, weights, Set.of(), null)) {
                double compile = (System.nanoTime() - t0) / 1e9;
                double throughput = BATCH / median(model, batch, WARMUP, BATCHES);
                double latency = median(model, batch.slice(0, 1), 3, LATENCY_RUNS) * 1000;
                System.out.printf(Locale.ROOT, "RESULT %s device=%s batch=%d images_per_s=%.2f latency_ms=%.2f "
                        + "compile_s=%.2f peak_rss_mb=%d engine=\"%s\"%n", what, engine.device(), BATCH, throughput,
                        latency, compile, peakRssMb(), backend.engineVersion());
            }
        }
    }

    /** Features on the GPU must match the CPU's within 1e-3 of their largest magnitude; reports both speeds. */
    private static boolean gpuCheck(Backend backend, Graph graph, Weights weights, Tensor batch, String what) {
        Tensor[] out = new Tensor[2];
        double[] speed = new double[2];
        Device[] devices = {Device.CPU, Device.GPU};
        for (int i = 0; i < 2; i++) {
            try (BackendEngine engine = open(backend, devices[i]);
                    CompiledModel model = engine.compile(graph, weights, Set.of(), null)) {
                out[i] = model.predict(batch);
                speed[i] = BATCH / median(model, batch, WARMUP, BATCHES);
            }
        }
        double rel = out[1].maxAbsDiff(out[0]) / out[0].maxAbs();
        boolean ok = rel <= GPU_TOLERANCE;
        System.out.printf(Locale.ROOT, "RESULT %s check=gpu-vs-cpu max_rel_diff=%.3g %s cpu_images_per_s=%.2f "
                + "gpu_images_per_s=%.2f%n", what, rel, ok ? "ok" : "FAILED", speed[0], speed[1]);
        return ok;
    }

    private static BackendEngine open(Backend backend, Device device) {
        return backend.open(new BackendOptions(device, THREADS, 42,
                ConfigFactory.parseString(System.getProperty("bench.options", ""))));
    }

    /** Median seconds of one predict call, after warm-up calls. */
    private static double median(CompiledModel model, Tensor input, int warmup, int runs) {
        for (int i = 0; i < warmup; i++) {
            model.predict(input);
        }
        double[] t = new double[runs];
        for (int i = 0; i < runs; i++) {
            long t0 = System.nanoTime();
            model.predict(input);
            t[i] = (System.nanoTime() - t0) / 1e9;
        }
        Arrays.sort(t);
        return runs % 2 == 1 ? t[runs / 2] : (t[runs / 2 - 1] + t[runs / 2]) / 2;
    }

    /** The process's peak resident set (VmHWM), in MB; -1 where /proc is not there. */
    private static long peakRssMb() throws Exception {
        Path status = Path.of("/proc/self/status");
        if (!Files.exists(status)) {
            return -1;
        }
        for (String line : Files.readAllLines(status)) {
            if (line.startsWith("VmHWM:")) {
                return Long.parseLong(line.replaceAll("\\D", "")) / 1024;
            }
        }
        return -1;
    }

    private static <T extends Provider> T provider(Class<T> kind, String id) {
        List<String> ids = new ArrayList<>();
        for (T p : ServiceLoader.load(kind)) {
            if (p.id().equals(id)) {
                return p;
            }
            ids.add(p.id());
        }
        throw new IllegalArgumentException("no " + kind.getSimpleName() + " with id '" + id + "' on the class path; "
                + "found " + ids);
    }
}
