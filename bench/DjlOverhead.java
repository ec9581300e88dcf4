import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import com.typesafe.config.ConfigFactory;
import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import org.tl4j.api.graph.Graph;
import org.tl4j.api.tensor.Tensor;
import org.tl4j.api.weights.Initializers;
import org.tl4j.api.weights.Weights;
import org.tl4j.backend.djl.DjlBackend;
import org.tl4j.backend.djl.onnx.OnnxModels;
import org.tl4j.spi.Backbone;
import org.tl4j.spi.BackboneSpec;
import org.tl4j.spi.BackendEngine;
import org.tl4j.spi.BackendOptions;
import org.tl4j.spi.CompiledModel;
import org.tl4j.spi.Device;

/**
 * The overhead of the djl backend over a raw ONNX Runtime session on the same model: tl4j writes the backbone's
 * ONNX model once; the same bytes run (a) through tl4j's djl backend (DJL Model + Predictor, tl4j tensors in and
 * out) and (b) in an {@code ai.onnxruntime.OrtSession} with the same session options (intra-op threads, one inter-op
 * thread, sequential, all optimisations), fed from and copied back to Java float arrays. Each is timed in two blocks
 * of runs (ABAB, so that a change of machine load hits both), and the medians compared. Run by
 * bench/djl-overhead.sh:
 *
 * <pre>
 * java -cp CP bench/DjlOverhead.java BACKBONE SIZE [ALPHA]
 * </pre>
 * Settings: bench.batch (32), bench.batches (7, after 2 warm-up), bench.threads (2).
 */
public final class DjlOverhead {
    private static final int BATCH = Integer.getInteger("bench.batch", 32);
    private static final int BATCHES = Integer.getInteger("bench.batches", 7);
    private static final int THREADS = Integer.getInteger("bench.threads", 2);

    private DjlOverhead() {
    }

    public static void main(String[] args) throws Exception {
        String id = args[0];
        int size = Integer.parseInt(args[1]);
        double alpha = args.length > 2 ? Double.parseDouble(args[2]) : 1.0;
        Backbone backbone = ServiceLoader.load(Backbone.class).stream().map(ServiceLoader.Provider::get)
                .filter(b -> b.id().equals(id)).findFirst().orElseThrow();
        Graph graph = backbone.graph(BackboneSpec.of(size, size, alpha));
        Weights weights = Initializers.parity(graph, 42);
        Tensor batch = Tensor.of(Initializers.uniform("bench-images", BATCH * size * size * 3, 42), BATCH, size,
                size, 3);
        ModelProto proto = OnnxModels.inference(graph, weights);
        long[] shape = {BATCH, size, size, 3};

        try (BackendEngine engine = new DjlBackend().open(new BackendOptions(Device.CPU, THREADS, 42,
                ConfigFactory.parseString("options.batch-size = " + BATCH)));
                CompiledModel djl = engine.compile(graph, weights, Set.of(), null);
                OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(THREADS);
            options.setInterOpNumThreads(1);
            options.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            OrtEnvironment env = OrtEnvironment.getEnvironment();
            try (OrtSession raw = env.createSession(proto.toByteArray(), options)) {
                float[] a = djl.predict(batch).data();
                float[] b = rawRun(env, raw, batch.data(), shape);
                double diff = 0;
                for (int i = 0; i < a.length; i++) {
                    diff = Math.max(diff, Math.abs(a[i] - b[i]));
                }
                double[] tDjl = new double[2 * BATCHES];
                double[] tRaw = new double[2 * BATCHES];
                for (int round = 0; round < 2; round++) {
                    time(() -> djl.predict(batch), tDjl, round * BATCHES);
                    time(() -> rawRun(env, raw, batch.data(), shape), tRaw, round * BATCHES);
                }
                double mDjl = median(tDjl);
                double mRaw = median(tRaw);
                System.out.printf(Locale.ROOT, "RESULT backbone=%s size=%d batch=%d threads=%d djl_images_per_s=%.2f "
                        + "raw_ort_images_per_s=%.2f djl_overhead_pct=%.1f max_abs_diff=%.3g%n", id, size, BATCH,
                        THREADS, BATCH / mDjl, BATCH / mRaw, (mDjl / mRaw - 1) * 100, diff);
            }
        }
    }

    private interface Run {
        void run() throws Exception;
    }

    /**
     * Times {@link #BATCHES} runs after 2 warm-up runs into {@code t[from…]}. Runs of one side come in blocks: ONNX
     * Runtime's worker threads spin for a while after each run, and alternating the two sessions run by run would
     * make each compete with the other's spinning threads.
     */
    private static void time(Run run, double[] t, int from) throws Exception {
        for (int i = -2; i < BATCHES; i++) {
            long t0 = System.nanoTime();
            run.run();
            if (i >= 0) {
                t[from + i] = (System.nanoTime() - t0) / 1e9;
            }
        }
    }

    /** One run of the raw session: Java floats in, Java floats out, as the djl backend does. */
    private static float[] rawRun(OrtEnvironment env, OrtSession session, float[] data, long[] shape)
            throws Exception {
        try (OnnxTensor x = OnnxTensor.createTensor(env, FloatBuffer.wrap(data), shape);
                OrtSession.Result r = session.run(Map.of(OnnxModels.INPUT, x))) {
            FloatBuffer out = ((OnnxTensor) r.get(0)).getFloatBuffer();
            float[] f = new float[out.remaining()];
            out.get(f);
            return f;
        }
    }

    private static double median(double[] t) {
        double[] s = t.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }
}
