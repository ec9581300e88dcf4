package org.tl4j.backend.djl.engine;

import ai.onnx.proto.OnnxMl.ModelProto;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.tl4j.api.BackendException;
import org.tl4j.api.DataException;
import org.tl4j.api.graph.Graph;
import org.tl4j.api.graph.Shape;
import org.tl4j.api.tensor.Tensor;
import org.tl4j.api.weights.Weights;
import org.tl4j.backend.djl.head.DenseHead;
import org.tl4j.backend.djl.onnx.OnnxModels;
import org.tl4j.spi.CompiledModel;
import org.tl4j.spi.ExportFormat;
import org.tl4j.spi.Preprocessing;

/**
 * A graph compiled by the djl backend: its frozen base as one ONNX Runtime session (through DJL) and its dense head
 * on the JVM ({@link DenseHead}), either of which may be absent. Batches flow base → head; training steps run the
 * base in inference mode and update the head only.
 */
final class DjlModel implements CompiledModel {
    private final Graph graph;
    private final Weights original;
    private final OrtRunner base;
    private final DenseHead head;
    private final Consumer<DjlModel> onClose;
    private boolean closed;

    DjlModel(Graph graph, Weights original, OrtRunner base, DenseHead head, Consumer<DjlModel> onClose) {
        this.graph = graph;
        this.original = original;
        this.base = base;
        this.head = head;
        this.onClose = onClose;
    }

    @Override
    public Tensor predict(Tensor batch) {
        Tensor features = features(batch);
        return head == null ? features : head.predict(features);
    }

    @Override
    public float trainStep(Tensor batch, int[] labels, float[] sampleWeights) {
        return requireHead("train").trainStep(features(batch), labels, sampleWeights);
    }

    @Override
    public float loss(Tensor batch, int[] labels) {
        return requireHead("compute a loss").loss(features(batch), labels);
    }

    /** The base's output for a batch (the batch itself when there is no base). */
    private Tensor features(Tensor batch) {
        checkBatch(batch);
        return base == null ? batch : base.run(batch);
    }

    private DenseHead requireHead(String what) {
        if (head == null) {
            throw new BackendException("graph '" + graph.name() + "' cannot " + what + " on the djl backend: it "
                    + "does not end in a dense head (Dense, Dropout and activation layers ending in a softmax)");
        }
        return head;
    }

    private void checkBatch(Tensor batch) {
        if (closed) {
            throw new BackendException("model of graph '" + graph.name() + "' is closed");
        }
        Shape example = graph.input().shape();
        boolean fits = batch.rank() == example.rank() + 1;
        for (int i = 0; fits && i < example.rank(); i++) {
            fits = example.dim(i) == Shape.UNKNOWN || example.dim(i) == batch.dim(i + 1);
        }
        if (!fits) {
            throw new DataException("graph '" + graph.name() + "' expects batches of " + example
                    + " examples, got a batch of shape " + Arrays.toString(batch.shape()));
        }
    }

    /** The weights given to compile, with the head's current values. */
    @Override
    public Weights weights() {
        if (head == null) {
            return original;
        }
        Map<String, Tensor> out = new LinkedHashMap<>(original.asMap());
        out.putAll(head.weights());
        return Weights.of(out);
    }

    @Override
    public Weights optimizerState() {
        return head == null ? Weights.empty() : head.optimizerState();
    }

    @Override
    public void loadOptimizerState(Weights state) {
        if (head == null) {
            if (state.size() > 0) {
                throw new BackendException("graph '" + graph.name() + "' has no optimizer to load a state into");
            }
            return;
        }
        head.loadOptimizerState(state);
    }

    @Override
    public void setLearningRate(double learningRate) {
        if (head != null) {
            head.setLearningRate(learningRate);
        }
    }

    /** Writes one ONNX file: images in [0, 255] → preprocessing → base → head → probabilities, labels in metadata. */
    @Override
    public void export(Path target, ExportFormat format, Preprocessing preprocessing, List<String> labels) {
        if (format != ExportFormat.ONNX) {
            throw new BackendException("the djl backend exports " + ExportFormat.ONNX + " only, not " + format
                    + "; use backend.id = tensorflow for " + ExportFormat.SAVEDMODEL);
        }
        ModelProto model = OnnxModels.export(graph, weights(), preprocessing, labels);
        try {
            Path parent = target.toAbsolutePath().getParent();
            Files.createDirectories(parent);
            // not createTempFile, whose file is private (0600): the export gets the permissions any output gets
            Path tmp = parent.resolve("." + target.getFileName() + "." + ProcessHandle.current().pid() + ".tmp");
            try {
                Files.write(tmp, model.toByteArray());
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new BackendException("cannot write the ONNX export '" + target + "': " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            if (base != null) {
                base.close();
            }
            onClose.accept(this);
        }
    }

    @Override
    public String toString() {
        return "DjlModel[" + graph + ", base " + (base == null ? "none" : "ONNX Runtime") + ", head "
                + (head == null ? "none" : head) + "]";
    }
}
