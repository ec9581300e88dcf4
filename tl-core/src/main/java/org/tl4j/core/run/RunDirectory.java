package org.tl4j.core.run;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tl4j.api.TlException;
import org.tl4j.core.train.Checkpoints;
import org.tl4j.core.train.EpochMetrics;

/**
 * One run's folder and the names of what it holds: {@code config.conf} (resolved, with origins), {@code labels.txt},
 * {@code metrics.csv}, {@code metrics.jsonl}, {@code checkpoints/}, {@code model/}, {@code evaluation.json},
 * {@code report.html} and {@code bad-images.txt}.
 */
public final class RunDirectory {
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");
    private static final Logger LOG = LoggerFactory.getLogger(RunDirectory.class);

    private final Path dir;

    private RunDirectory(Path dir) {
        this.dir = dir;
    }

    /** A new folder {@code PARENT/yyyyMMdd-HHmmss-NAME} (with {@code -2}, {@code -3}… when taken). */
    public static RunDirectory create(Path parent, String name) {
        String base = LocalDateTime.now().format(STAMP) + "-" + name.replaceAll("[^A-Za-z0-9_.-]", "_");
        try {
            Files.createDirectories(parent);
            for (int i = 1; ; i++) {
                Path p = parent.resolve(i == 1 ? base : base + "-" + i);
                try {
                    return new RunDirectory(Files.createDirectory(p));
                } catch (FileAlreadyExistsException e) {
                    // try the next suffix
                }
            }
        } catch (IOException e) {
            throw new TlException("cannot create a run folder in " + parent + ": " + e.getMessage(), e);
        }
    }

    /** An existing (or given) folder. */
    public static RunDirectory at(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new TlException("cannot create the run folder " + dir + ": " + e.getMessage(), e);
        }
        return new RunDirectory(dir);
    }

    /** Whether a checkpoint was written, from which {@code tl train --resume} continues. */
    public boolean resumable() {
        try (Stream<Path> s = Files.list(checkpoints())) {
            return s.findAny().isPresent();
        } catch (NoSuchFileException e) {
            return false;
        } catch (IOException e) {
            return true; // cannot tell: keep it
        }
    }

    /** Deletes the folder and what is in it (a run that failed before its first checkpoint); best effort. */
    public void delete() {
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException | UncheckedIOException e) {
            LOG.warn("could not remove the run folder {} of a failed run: {}", dir, e.getMessage());
        }
    }

    public Path dir() {
        return dir;
    }

    public Path config() {
        return dir.resolve("config.conf");
    }

    public Path labels() {
        return dir.resolve("labels.txt");
    }

    public Path metricsCsv() {
        return dir.resolve("metrics.csv");
    }

    public Path metricsJsonl() {
        return dir.resolve("metrics.jsonl");
    }

    public Path checkpoints() {
        return dir.resolve("checkpoints");
    }

    public Path model() {
        return dir.resolve("model");
    }

    public Path evaluation() {
        return dir.resolve("evaluation.json");
    }

    public Path report() {
        return dir.resolve("report.html");
    }

    public Path badImages() {
        return dir.resolve("bad-images.txt");
    }

    /** Writes a text file atomically. */
    public void write(Path file, String text) {
        try {
            ModelBundle.writeAtomically(file, text);
        } catch (IOException e) {
            throw new TlException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    /** Rewrites {@code metrics.csv} and {@code metrics.jsonl} from the whole history. */
    public void writeMetrics(List<EpochMetrics> history) {
        StringBuilder csv = new StringBuilder("epoch,phase,learning_rate,loss,accuracy,val_loss,val_accuracy,"
                + "val_top_k,seconds\n");
        StringBuilder jsonl = new StringBuilder();
        for (EpochMetrics e : history) {
            csv.append(e.epoch()).append(',').append(e.phase()).append(',').append(cell(e.learningRate()))
                    .append(',').append(cell(e.loss())).append(',').append(cell(e.accuracy())).append(',')
                    .append(cell(e.valLoss())).append(',').append(cell(e.valAccuracy())).append(',')
                    .append(cell(e.valTopK())).append(',').append(cell(e.seconds())).append('\n');
            jsonl.append(JsonText.line(Checkpoints.metrics(e))).append('\n');
        }
        write(metricsCsv(), csv.toString());
        write(metricsJsonl(), jsonl.toString());
    }

    private static String cell(double v) {
        return Double.isFinite(v) ? Double.toString(v) : "";
    }

    /** The history in {@code metrics.jsonl}, empty when there is none. */
    public List<Map<String, Object>> readMetrics() {
        List<Map<String, Object>> out = new ArrayList<>();
        if (!Files.exists(metricsJsonl())) {
            return out;
        }
        try {
            for (String line : Files.readAllLines(metricsJsonl())) {
                if (!line.isBlank()) {
                    out.add(new LinkedHashMap<>(com.typesafe.config.ConfigFactory.parseString(line).root()
                            .unwrapped()));
                }
            }
        } catch (IOException e) {
            throw new TlException("cannot read " + metricsJsonl() + ": " + e.getMessage(), e);
        }
        return out;
    }

    @Override
    public String toString() {
        return dir.toString();
    }
}
