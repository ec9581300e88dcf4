package org.tl4j.core.train;

import com.typesafe.config.Config;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.tl4j.api.TlException;
import org.tl4j.api.weights.Weights;
import org.tl4j.core.run.JsonText;
import org.tl4j.core.weights.Safetensors;
import org.tl4j.api.internal.MoreFiles;

/**
 * A run's checkpoints: {@code checkpoints/epoch-0007/} with {@code weights.safetensors} (the trainable layers),
 * {@code optimizer.safetensors}, {@code best.safetensors} (the best epoch's trainable layers) and {@code state.json}.
 * Each is written into a hidden temporary folder that is renamed into place, so a killed run leaves either a whole
 * checkpoint or none; the two newest are kept.
 */
public final class Checkpoints {
    private static final String PREFIX = "epoch-";
    private static final int KEEP = 2;

    private final Path dir;

    public Checkpoints(Path dir) {
        this.dir = dir;
    }

    public Path dir() {
        return dir;
    }

    /**
     * One saved checkpoint.
     *
     * @param state     the loop state
     * @param weights   the trainable layers' weights
     * @param optimizer the optimizer state
     * @param best      the best epoch's trainable weights
     */
    public record Checkpoint(CheckpointState state, Weights weights, Weights optimizer, Weights best) {
    }

    /** Writes a checkpoint atomically and prunes older ones. */
    public void save(CheckpointState state, Weights weights, Weights optimizer, Weights best) {
        String name = String.format("%s%04d", PREFIX, state.epoch());
        Path target = dir.resolve(name);
        Path tmp = dir.resolve("." + name + ".tmp");
        try {
            Files.createDirectories(dir);
            deleteTree(tmp);
            Files.createDirectories(tmp);
            Safetensors.write(tmp.resolve("weights.safetensors"), weights);
            Safetensors.write(tmp.resolve("optimizer.safetensors"), optimizer);
            Safetensors.write(tmp.resolve("best.safetensors"), best);
            Files.writeString(tmp.resolve("state.json"), toJson(state), StandardCharsets.UTF_8);
            deleteTree(target);
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target);
            }
            prune();
        } catch (IOException e) {
            throw new TlException("cannot write checkpoint " + target + ": " + e.getMessage(), e);
        }
    }

    /** The newest complete checkpoint, if any. */
    public Optional<Checkpoint> latest() {
        List<Path> all = list();
        if (all.isEmpty()) {
            return Optional.empty();
        }
        Path c = all.get(all.size() - 1);
        try {
            CheckpointState state = fromJson(Files.readString(c.resolve("state.json"), StandardCharsets.UTF_8));
            return Optional.of(new Checkpoint(state, Safetensors.read(c.resolve("weights.safetensors")),
                    Safetensors.read(c.resolve("optimizer.safetensors")),
                    Safetensors.read(c.resolve("best.safetensors"))));
        } catch (IOException | RuntimeException e) {
            throw new TlException("cannot read checkpoint " + c + ": " + e.getMessage(), e);
        }
    }

    private List<Path> list() {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().startsWith(PREFIX) && Files.isDirectory(p))
                    .sorted(Comparator.comparing(p -> p.getFileName().toString())).toList();
        } catch (IOException e) {
            throw new TlException("cannot list checkpoints in " + dir + ": " + e.getMessage(), e);
        }
    }

    private void prune() throws IOException {
        List<Path> all = list();
        for (int i = 0; i < all.size() - KEEP; i++) {
            deleteTree(all.get(i));
        }
    }

    private static void deleteTree(Path p) throws IOException {
        MoreFiles.deleteRecursively(p);
    }

    static String toJson(CheckpointState s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("epoch", s.epoch());
        m.put("phase", s.phase());
        m.put("epochInPhase", s.epochInPhase());
        m.put("phaseDone", s.phaseDone());
        m.put("history", s.history().stream().map(Checkpoints::metrics).toList());
        m.put("schedule", java.util.Arrays.asList(num(s.schedule()[0]),
                num(s.schedule()[1]), num(s.schedule()[2])));
        m.put("bestEpoch", s.bestEpoch());
        m.put("bestValue", num(s.bestValue()));
        m.put("wait", s.patienceUsed());
        return JsonText.pretty(m);
    }

    static CheckpointState fromJson(String json) {
        Config c = JsonText.parse(json);
        List<EpochMetrics> history = new ArrayList<>();
        for (Config h : c.getConfigList("history")) {
            history.add(new EpochMetrics(h.getInt("epoch"), h.getString("phase"), dbl(h, "learning_rate"),
                    dbl(h, "loss"), dbl(h, "accuracy"), dbl(h, "val_loss"), dbl(h, "val_accuracy"),
                    dbl(h, "val_top_k"), dbl(h, "seconds")));
        }
        List<Object> sched = c.getList("schedule").unwrapped();
        double[] schedule = new double[3];
        for (int i = 0; i < 3; i++) {
            schedule[i] = sched.get(i) == null ? Double.NaN : ((Number) sched.get(i)).doubleValue();
        }
        return new CheckpointState(c.getInt("epoch"), c.getString("phase"), c.getInt("epochInPhase"),
                c.getBoolean("phaseDone"), history, schedule, c.getInt("bestEpoch"), dbl(c, "bestValue"),
                c.getInt("wait"));
    }

    /**
     * An epoch's metrics as a JSON-ready map (NaN as null), keyed as the columns of {@code metrics.csv} and as Keras
     * names them ({@code val_loss}): {@code metrics.jsonl}, {@code --json-log} and checkpoints use these names.
     */
    public static Map<String, Object> metrics(EpochMetrics e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("epoch", e.epoch());
        m.put("phase", e.phase());
        m.put("learning_rate", num(e.learningRate()));
        m.put("loss", num(e.loss()));
        m.put("accuracy", num(e.accuracy()));
        m.put("val_loss", num(e.valLoss()));
        m.put("val_accuracy", num(e.valAccuracy()));
        m.put("val_top_k", num(e.valTopK()));
        m.put("seconds", num(e.seconds()));
        return m;
    }

    /** A double for JSON: null for NaN and infinities (so that the text stays valid JSON). */
    public static Double num(double v) {
        return Double.isFinite(v) ? v : null;
    }

    private static double dbl(Config c, String key) {
        return c.hasPath(key) ? c.getDouble(key) : Double.NaN;
    }
}
