package org.tl4j.backend.tensorflow;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Set;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Session;
import org.tensorflow.Signature;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.types.TFloat32;
import org.tl4j.api.BackendException;
import org.tl4j.api.graph.Shape;
import org.tl4j.api.weights.Weights;
import org.tl4j.spi.Preprocessing;
import org.tl4j.api.internal.MoreFiles;

/**
 * Writes a TensorFlow SavedModel (tag {@code serve}) whose {@code serving_default} signature takes {@code images}
 * (float32 {@code [-1, h, w, 3]}, RGB in [0, 255]), applies the backbone's preprocessing inside the graph, runs the
 * model in inference mode (every BatchNorm folded, no dropout) and returns {@code probabilities}. The labels go to
 * {@code assets/labels.txt}, one per line. The folder is built beside the target and moved into place at the end.
 */
final class SavedModelExport {
    static final String SIGNATURE = "serving_default";
    static final String INPUT = "images";
    static final String OUTPUT = "probabilities";
    static final String LABELS = "assets/labels.txt";

    private static final float[] CAFFE_MEAN_BGR = {103.939f, 116.779f, 123.68f};
    private static final float[] TORCH_MEAN = {0.485f, 0.456f, 0.406f};
    private static final float[] TORCH_STD = {0.229f, 0.224f, 0.225f};

    private SavedModelExport() {
    }

    static void write(Path target, org.tl4j.api.graph.Graph ir, Weights weights, Preprocessing preprocessing,
            List<String> labels, ConfigProto config) {
        Shape in = ir.input().shape();
        if (in.rank() != 3 || in.channels() != 3) {
            throw new BackendException("a SavedModel takes RGB images, but graph '" + ir.name() + "' takes " + in);
        }
        int classes = ir.outputShape().channels();
        if (!labels.isEmpty() && labels.size() != classes) {
            throw new BackendException(labels.size() + " labels for a model with " + classes + " outputs");
        }
        checkTarget(target);
        Path tmp = target.resolveSibling(target.getFileName() + ".tmp-" + ProcessHandle.current().pid());
        try {
            deleteTree(tmp);
            build(tmp, ir, weights, preprocessing, config);
            Files.createDirectories(tmp.resolve("assets"));
            Files.write(tmp.resolve(LABELS), labels, StandardCharsets.UTF_8);
            Files.deleteIfExists(target);
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new BackendException("could not write the SavedModel to " + target + ": " + e.getMessage(), e);
        } finally {
            deleteTree(tmp);
        }
    }

    private static void build(Path dir, org.tl4j.api.graph.Graph ir, Weights weights, Preprocessing preprocessing,
            ConfigProto config) throws IOException {
        try (Graph g = new Graph()) {
            Ops tf = Ops.create(g);
            Names names = new Names();
            VariableStore store = new VariableStore(tf, names);
            Shape in = ir.input().shape();
            Placeholder<TFloat32> images = tf.withName(names.unique(INPUT)).placeholder(TFloat32.class,
                    Placeholder.shape(org.tensorflow.ndarray.Shape.of(-1, in.height(), in.width(), 3)));
            Operand<TFloat32> x = preprocess(tf.withSubScope("preprocessing"), images, preprocessing);
            GraphCompiler.Compiled c = GraphCompiler.compile(tf, ir, x, weights, Set.of(), Set.of(),
                    GraphCompiler.Mode.INFERENCE, 0, names, store);
            Operand<TFloat32> probabilities = tf.withName(names.unique(OUTPUT)).identity(c.output());
            try (Session s = new Session(g, config)) {
                VariableStore.assign(s, c.initial());
                Signature signature = Signature.builder().key(SIGNATURE).methodName("tensorflow/serving/predict")
                        .input(INPUT, images).output(OUTPUT, probabilities).build();
                SavedModelBundle.exporter(dir.toString()).withSession(s).withSignature(signature).export();
            }
        }
    }

    /**
     * The preprocessing of {@link Preprocessing#apply}, as graph ops on NHWC RGB images, bit for bit: divisors are
     * placeholders with defaults, because Grappler turns a division by a constant into a multiplication by its
     * rounded reciprocal.
     */
    static Operand<TFloat32> preprocess(Ops tf, Operand<TFloat32> rgb, Preprocessing mode) {
        return switch (mode) {
            case TF -> tf.math.sub(tf.math.div(rgb, divisor(tf, 127.5f)), tf.constant(1f));
            case CAFFE -> tf.math.sub(tf.reverse(rgb, tf.constant(new int[] {-1})), tf.constant(CAFFE_MEAN_BGR));
            case TORCH -> tf.math.div(tf.math.sub(tf.math.div(rgb, divisor(tf, 255f)), tf.constant(TORCH_MEAN)),
                    tf.placeholderWithDefault(tf.constant(TORCH_STD), org.tensorflow.ndarray.Shape.of(3)));
            case NONE -> rgb;
        };
    }

    private static Operand<TFloat32> divisor(Ops tf, float value) {
        return tf.placeholderWithDefault(tf.constant(value), org.tensorflow.ndarray.Shape.scalar());
    }

    private static void checkTarget(Path target) {
        if (!Files.exists(target)) {
            return;
        }
        boolean empty;
        try (DirectoryStream<Path> d = Files.newDirectoryStream(target)) {
            empty = !d.iterator().hasNext();
        } catch (IOException e) {
            empty = false;
        }
        if (!empty) {
            throw new BackendException("cannot export a SavedModel to " + target
                    + ": it exists and is not an empty folder; remove it or choose another path");
        }
    }

    private static void deleteTree(Path dir) {
        try {
            MoreFiles.deleteRecursively(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
