import com.typesafe.config.ConfigFactory;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.ServiceLoader;
import java.util.Set;
import org.tl4j.api.config.CropMode;
import org.tl4j.api.config.OnBadImage;
import org.tl4j.api.graph.Graph;
import org.tl4j.api.tensor.Tensor;
import org.tl4j.api.weights.Initializers;
import org.tl4j.api.weights.Weights;
import org.tl4j.core.data.BadImageLog;
import org.tl4j.core.data.Dataset;
import org.tl4j.core.data.ImageBatch;
import org.tl4j.core.data.ImageLoader;
import org.tl4j.core.data.ImagePipeline;
import org.tl4j.core.data.ImageRequest;
import org.tl4j.core.data.Seeds;
import org.tl4j.core.train.ModelParts;
import org.tl4j.spi.Backbone;
import org.tl4j.spi.BackboneSpec;
import org.tl4j.spi.Backend;
import org.tl4j.spi.BackendEngine;
import org.tl4j.spi.BackendOptions;
import org.tl4j.spi.CompiledModel;
import org.tl4j.spi.Device;
import org.tl4j.spi.Provider;

/**
 * The two halves of the seed workflow's data pass, measured apart (see bench/seed-workflow.sh): the decode pipeline
 * alone (read, hash, decode, resize, preprocess on {@code bench.threads} decoder threads, batched as {@code tl train}
 * batches them) and one base pass alone (the pooled feature graph of the backbone on the decoded batches).
 * {@code tl train} should take at most 1.5× the sum of the two. Run as a single-file program:
 *
 * <pre>
 * java -cp "tl-cli/target/modules/*" bench/SeedBench.java DATA_DIR [BACKEND] [BACKBONE] [SIZE] [ALPHA]
 * </pre>
 * Settings (system properties): bench.threads (2: decoder threads and backend threads), bench.batch (32),
 * bench.repeats (3 timed passes of each half; the first pass of each is reported as "cold"), bench.seed (42: the
 * weights are the random Keras initialisation {@code weights = none} gives). Prints {@code RESULT key=value …} lines.
 */
public final class SeedBench {
    private static final int THREADS = Integer.getInteger("bench.threads", 2);
    private static final int BATCH = Integer.getInteger("bench.batch", 32);
    private static final int REPEATS = Integer.getInteger("bench.repeats", 3);
    private static final long SEED = Long.getLong("bench.seed", 42);

    private SeedBench() {
    }

    public static void main(String[] args) {
        if (args.length < 1) {
            System.err.println("usage: SeedBench DATA_DIR [BACKEND] [BACKBONE] [SIZE] [ALPHA]");
            System.exit(2);
        }
        Path data = Path.of(args[0]);
        Backend backend = provider(Backend.class, args.length > 1 ? args[1] : "tensorflow");
        Backbone backbone = provider(Backbone.class, args.length > 2 ? args[2] : "mobilenet_v2");
        int size = args.length > 3 ? Integer.parseInt(args[3]) : 160;
        double alpha = args.length > 4 ? Double.parseDouble(args[4]) : 1.0;
        BackboneSpec spec = BackboneSpec.of(size, size, alpha);
        Dataset dataset = Dataset.fromDirectory(data);
        List<ImageRequest> requests = new ArrayList<>();
        for (int i = 0; i < dataset.size(); i++) {
            requests.add(new ImageRequest(i, dataset.get(i), 0));
        }
        String what = "backend=" + backend.id() + " backbone=" + backbone.id() + " size=" + size + " images="
                + requests.size() + " threads=" + THREADS;

        ImageLoader loader = ImageLoader.of(size, size, CropMode.NONE, backbone.preprocessing(spec));
        List<Tensor> batches = new ArrayList<>();
        double[] decode = new double[REPEATS];
        double[] decodeCpu = new double[REPEATS];
        for (int r = 0; r < REPEATS; r++) {
            long cpu = processCpuNanos();
            decode[r] = decodePass(loader, requests, r == 0 ? batches : null);
            decodeCpu[r] = (processCpuNanos() - cpu) / 1e9;
        }
        report("decode", what, requests.size(), decode, decodeCpu);

        Graph graph = ModelParts.pooled(backbone.graph(spec), "global_average_pooling2d");
        Weights weights = Initializers.keras(backbone.graph(spec), Seeds.derive(SEED, Seeds.key("base")));
        try (BackendEngine engine = backend.open(new BackendOptions(Device.CPU, THREADS, SEED, ConfigFactory.empty()));
                CompiledModel model = engine.compile(graph, weights, Set.of(), null)) {
            double[] base = new double[REPEATS];
            double[] baseCpu = new double[REPEATS];
            for (int r = 0; r < REPEATS; r++) {
                long cpu = processCpuNanos();
                base[r] = basePass(model, batches);
                baseCpu[r] = (processCpuNanos() - cpu) / 1e9;
            }
            report("base", what, requests.size(), base, baseCpu);
        }
    }

    /** Seconds to load every request through a fresh pipeline; keeps the batches when {@code keep} is given. */
    private static double decodePass(ImageLoader loader, List<ImageRequest> requests, List<Tensor> keep) {
        long t0 = System.nanoTime();
        try (ImagePipeline pipeline = new ImagePipeline(loader, THREADS, new BadImageLog(OnBadImage.FAIL));
                ImagePipeline.Batches it = pipeline.batches(requests, BATCH)) {
            while (it.hasNext()) {
                ImageBatch b = it.next();
                if (keep != null) {
                    keep.add(b.images());
                }
            }
        }
        return (System.nanoTime() - t0) / 1e9;
    }

    /** Seconds for one base pass over the batches (the first pass includes the engine's first-run work). */
    private static double basePass(CompiledModel model, List<Tensor> batches) {
        long t0 = System.nanoTime();
        for (Tensor b : batches) {
            model.predict(b);
        }
        return (System.nanoTime() - t0) / 1e9;
    }

    /**
     * Prints the median wall time of the passes, images/s from it, the first (cold) pass, and the median process CPU
     * time per image (all threads, JIT and GC included: less sensitive to other load on the machine than wall time).
     */
    private static void report(String part, String what, int images, double[] seconds, double[] cpuSeconds) {
        double median = median(seconds);
        System.out.printf(Locale.ROOT, "RESULT part=%s %s seconds=%.3f images_per_s=%.1f cold_seconds=%.3f "
                + "cpu_ms_per_image=%.2f runs=%s%n", part, what, median, images / median, seconds[0],
                median(cpuSeconds) * 1000 / images, Arrays.toString(seconds).replace(" ", ""));
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
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
