import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.tl4j.api.config.CropMode;
import org.tl4j.api.config.IccProfiles;
import org.tl4j.api.config.JpegDecoding;
import org.tl4j.api.config.OnBadImage;
import org.tl4j.core.data.Augmentation;
import org.tl4j.core.data.BadImageLog;
import org.tl4j.core.data.Dataset;
import org.tl4j.core.data.ImageDecoder;
import org.tl4j.core.data.ImageLoader;
import org.tl4j.core.data.ImagePipeline;
import org.tl4j.core.data.ImageRequest;
import org.tl4j.spi.Preprocessing;

/**
 * JPEG decode throughput of the two decoders ({@code data.jpeg-decoder}) side by side, on the seed benchmark's JPEGs
 * (bench/make_seed_images.py): rounds alternate the decoders so that load from elsewhere on the machine hits both
 * alike. Two measurements per decoder: {@code decode} (files already in memory → RGB, on {@code bench.threads}
 * threads) and {@code pipeline} (what {@code tl train} runs: read, hash, decode, resize to 160×160, preprocess,
 * batch). Run as a single-file program:
 *
 * <pre>
 * java -cp "tl-cli/target/modules/*" bench/DecodeBench.java DATA_DIR
 * </pre>
 * Settings: bench.threads (2), bench.rounds (5). Prints {@code RESULT key=value …} lines (medians over the rounds).
 */
public final class DecodeBench {
    private static final int THREADS = Integer.getInteger("bench.threads", 2);
    private static final int ROUNDS = Integer.getInteger("bench.rounds", 5);

    private DecodeBench() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        List<Path> files;
        try (Stream<Path> s = Files.walk(dir)) {
            files = s.filter(p -> p.toString().endsWith(".jpg")).sorted().toList();
        }
        List<byte[]> bytes = new ArrayList<>();
        for (Path f : files) {
            bytes.add(Files.readAllBytes(f));
        }
        JpegDecoding[] decoders = JpegDecoding.values();
        double[][] decode = new double[decoders.length][ROUNDS];
        double[][] decodeCpu = new double[decoders.length][ROUNDS];
        double[][] pipeline = new double[decoders.length][ROUNDS];
        double[][] pipelineCpu = new double[decoders.length][ROUNDS];
        Dataset dataset = Dataset.fromDirectory(dir);
        List<ImageRequest> requests = new ArrayList<>();
        for (int i = 0; i < dataset.size(); i++) {
            requests.add(new ImageRequest(i, dataset.get(i), 0));
        }
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            for (int round = -1; round < ROUNDS; round++) {   // round -1: warm-up (JIT) for both
                for (int d = 0; d < decoders.length; d++) {
                    ImageDecoder decoder = new ImageDecoder(ImageDecoder.DEFAULT_MAX_PIXELS, decoders[d],
                            IccProfiles.IGNORE);
                    long cpu = cpuNanos();
                    long t0 = System.nanoTime();
                    decodeAll(pool, decoder, files, bytes);
                    double seconds = (System.nanoTime() - t0) / 1e9;
                    double cpuSeconds = (cpuNanos() - cpu) / 1e9;
                    ImageLoader loader = new ImageLoader(decoder, 160, 160, CropMode.NONE, Preprocessing.TF,
                            Augmentation.none(), 0);
                    cpu = cpuNanos();
                    t0 = System.nanoTime();
                    pipelinePass(loader, requests);
                    if (round >= 0) {
                        pipeline[d][round] = (System.nanoTime() - t0) / 1e9;
                        pipelineCpu[d][round] = (cpuNanos() - cpu) / 1e9;
                        decode[d][round] = seconds;
                        decodeCpu[d][round] = cpuSeconds;
                    }
                }
            }
        } finally {
            pool.shutdown();
        }
        for (int d = 0; d < decoders.length; d++) {
            report("decode", decoders[d], files.size(), decode[d], decodeCpu[d]);
            report("pipeline", decoders[d], files.size(), pipeline[d], pipelineCpu[d]);
        }
    }

    private static void decodeAll(ExecutorService pool, ImageDecoder decoder, List<Path> files, List<byte[]> bytes)
            throws Exception {
        AtomicInteger next = new AtomicInteger();
        List<Future<?>> done = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            done.add(pool.submit(() -> {
                for (int i = next.getAndIncrement(); i < files.size(); i = next.getAndIncrement()) {
                    decoder.decode(files.get(i), bytes.get(i));
                }
            }));
        }
        for (Future<?> f : done) {
            f.get();
        }
    }

    private static void pipelinePass(ImageLoader loader, List<ImageRequest> requests) {
        try (ImagePipeline pipeline = new ImagePipeline(loader, THREADS, new BadImageLog(OnBadImage.FAIL));
                ImagePipeline.Batches it = pipeline.batches(requests, 32)) {
            while (it.hasNext()) {
                it.next();
            }
        }
    }

    private static long cpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    private static void report(String part, JpegDecoding decoder, int images, double[] seconds, double[] cpu) {
        double median = median(seconds);
        System.out.printf(Locale.ROOT, "RESULT part=%s jpeg-decoder=%s images=%d threads=%d images_per_s=%.1f "
                + "cpu_ms_per_image=%.2f runs=%s%n", part, decoder.id(), images, THREADS, images / median,
                median(cpu) * 1000 / images, Arrays.toString(seconds).replace(" ", ""));
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }
}
