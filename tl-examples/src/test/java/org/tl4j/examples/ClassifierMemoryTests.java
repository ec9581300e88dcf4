package org.tl4j.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.Config;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.tl4j.core.predict.Classifier;
import org.tl4j.core.run.JsonText;
import org.tl4j.core.run.RunSummary;
import org.tl4j.spi.Device;

/**
 * Closing a {@link Classifier} releases its native memory: many load/predict/close cycles do not grow the process.
 *
 * <p>Runs in its own JVM (the {@code memory} execution of this module's surefire), whose heap is fixed and touched
 * up front ({@code -Xms = -Xmx}, {@code -XX:+AlwaysPreTouch}), so the resident set measures native memory and not
 * the Java heap growing towards its maximum; the first CI run of this test without that grew by 113 MB in 40 cycles
 * with no leak, and djl's "growth" of 138 MB over 60 cycles was its heap too. Measured with the fixed heap over 590
 * cycles: tensorflow +2.5 MB (0.27 s a cycle), djl +17 MB (0.03 s a cycle). {@code -Dtl4j.test.classifierCycles=N}
 * changes the 1,000 cycles.
 */
class ClassifierMemoryTests {
    private static RunSummary run;
    private static Path image;

    @BeforeAll
    static void trainTheQuickstartHead(@org.junit.jupiter.api.io.TempDir Path work) {
        run = Fixtures.fashion2Model(work);
        Config eval = JsonText.read(run.runDirectory().evaluation());
        image = Path.of(eval.getConfigList("predictions").get(0).getString("path"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"tensorflow", "djl"})
    void loadingAndClosingManyTimesDoesNotGrowTheProcess(String backend) throws IOException {
        int warmUp = 20;
        int cycles = Integer.getInteger("tl4j.test.classifierCycles", 1000);
        for (int i = 0; i < warmUp; i++) {
            cycle(backend);
        }
        long[] rss = new long[cycles];
        long t0 = System.nanoTime();
        for (int i = 0; i < cycles; i++) {
            cycle(backend);
            rss[i] = residentKb();
        }
        // medians of the first and the last ten samples: one sample catches the allocator mid-way
        long first = median(Arrays.copyOfRange(rss, 0, 10));
        long last = median(Arrays.copyOfRange(rss, cycles - 10, cycles));
        long grown = last - first;
        int span = cycles - 10;
        System.out.printf("%s: %d load/predict/close cycles in %.1f s, RSS %d kB -> %d kB (%+d kB over %d cycles);"
                + " heap committed %d MB%n", backend, cycles, (System.nanoTime() - t0) / 1e9, first, last, grown,
                span, Runtime.getRuntime().totalMemory() >> 20);
        // a leaked model holds at least its weights (1.7 MB for this base) and the backend's copy of them, 3.4 MB a
        // cycle: over 3 GB in 1,000 cycles; without a leak the process grows (allocator arenas, JIT code) by a few MB
        long bound = 64 * 1024;
        assertThat(grown).as("RSS growth over %d cycles on %s, kB", span, backend).isLessThan(bound);
    }

    private static void cycle(String backend) {
        try (Classifier c = Classifier.builder().setBundle(run.runDirectory().dir()).optBackend(backend)
                .optDevice(Device.CPU).optThreads(2).build()) {
            c.predict(image);
        }
    }

    private static long median(long[] values) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    private static long residentKb() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        throw new IllegalStateException("no VmRSS in /proc/self/status");
    }
}
