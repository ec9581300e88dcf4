package org.tl4j.backend.djl.onnx;

import static org.tl4j.backend.djl.onnx.OnnxGraphBuilder.intAttr;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.StringStringEntryProto;
import com.google.gson.GsonBuilder;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tl4j.api.BackendException;
import org.tl4j.api.Tl4j;
import org.tl4j.api.graph.Activation;
import org.tl4j.api.graph.ActivationFn;
import org.tl4j.api.graph.Dense;
import org.tl4j.api.graph.Graph;
import org.tl4j.api.graph.Node;
import org.tl4j.api.graph.Shape;
import org.tl4j.api.weights.Weights;
import org.tl4j.spi.Preprocessing;

/**
 * Builds whole ONNX models from tl4j layer graphs: the model the djl backend runs ({@link #inference}) and the
 * deployable file it exports ({@link #export}).
 */
public final class OnnxModels {
    /** Input of an inference model: a batch in tl4j's layout ({@code [n, h, w, c]} or {@code [n, c]}). */
    public static final String INPUT = "input";
    /** Output of an inference model, in tl4j's layout. */
    public static final String OUTPUT = "output";
    /** Input of an exported model: RGB floats in [0, 255], {@code [n, h, w, 3]}. */
    public static final String IMAGES = "images";
    /** Output of an exported model: class probabilities, {@code [n, classes]}. */
    public static final String PROBABILITIES = "probabilities";
    /** Metadata key of an exported model: the class labels as a JSON array, in class-index order. */
    public static final String LABELS = "labels";
    /** Metadata key of an exported model: the preprocessing built in ({@code tf}, {@code caffe}, …). */
    public static final String PREPROCESSING = "preprocessing";

    private static final float[] CAFFE_MEAN_BGR = {103.939f, 116.779f, 123.68f};
    private static final float[] TORCH_MEAN = {0.485f, 0.456f, 0.406f};
    private static final float[] TORCH_STD = {0.229f, 0.224f, 0.225f};

    private OnnxModels() {
    }

    /** The graph as a model with input {@value #INPUT} and output {@value #OUTPUT}, both in tl4j's layout. */
    public static ModelProto inference(Graph graph, Weights weights) {
        OnnxGraphBuilder b = new OnnxGraphBuilder(graph.name());
        OnnxOpsets opsets = new OnnxOpsets();
        b.input(INPUT, batchDims(graph.input().shape()));
        b.reserve(OUTPUT);
        String out = GraphTranslator.translate(b, graph, weights, INPUT, opsets);
        b.identity(out, OUTPUT);
        b.output(OUTPUT, batchDims(graph.outputShape()));
        return model(b, opsets, Map.of());
    }

    /**
     * The whole trained model as one file: {@value #IMAGES} (RGB floats in [0, 255], {@code [n, h, w, 3]}) →
     * preprocessing → graph → {@value #PROBABILITIES}, with the labels and the preprocessing in its metadata.
     *
     * @throws BackendException when the graph does not take RGB images or does not end in a softmax over
     *                          {@code labels.size()} classes
     */
    public static ModelProto export(Graph graph, Weights weights, Preprocessing preprocessing, List<String> labels) {
        checkExportable(graph, labels);
        OnnxGraphBuilder b = new OnnxGraphBuilder(graph.name());
        OnnxOpsets opsets = new OnnxOpsets();
        b.input(IMAGES, batchDims(graph.input().shape()));
        b.reserve(PROBABILITIES);
        String x = preprocess(b, IMAGES, preprocessing);
        String out = GraphTranslator.translate(b, graph, weights, x, opsets);
        b.identity(out, PROBABILITIES);
        b.output(PROBABILITIES, batchDims(graph.outputShape()));
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put(LABELS, jsonArray(labels));
        meta.put(PREPROCESSING, preprocessing.id());
        meta.put("input", IMAGES + ": float32 [batch, " + graph.input().shape().toString().replace("×", ", ")
                + "], RGB in [0, 255]");
        meta.put("output", PROBABILITIES + ": float32 [batch, " + labels.size() + "], softmax over the labels");
        return model(b, opsets, meta);
    }

    /** The labels as a JSON array ({@code ["a","b"]}), written by Gson (DJL's own JSON library). */
    static String jsonArray(List<String> labels) {
        return new GsonBuilder().disableHtmlEscaping().create().toJson(labels);
    }

    private static void checkExportable(Graph graph, List<String> labels) {
        Shape in = graph.input().shape();
        if (in.rank() != 3 || in.channels() != 3) {
            throw new BackendException("graph '" + graph.name() + "' takes " + in + " inputs, not RGB images "
                    + "(h×w×3); export the whole model, backbone followed by head");
        }
        Node last = graph.node(graph.outputName());
        boolean softmax = last instanceof Dense d && d.activation() == ActivationFn.SOFTMAX
                || last instanceof Activation a && a.fn() == ActivationFn.SOFTMAX;
        if (!softmax || graph.outputShape().rank() != 1) {
            throw new BackendException("graph '" + graph.name() + "' does not end in a softmax layer, so it gives no "
                    + "class probabilities to export");
        }
        if (graph.outputShape().channels() != labels.size()) {
            throw new BackendException("graph '" + graph.name() + "' has " + graph.outputShape().channels()
                    + " classes but " + labels.size() + " labels were given");
        }
    }

    /** The preprocessing as ONNX operators on NHWC RGB, with the float constants of {@link Preprocessing#apply}. */
    private static String preprocess(OnnxGraphBuilder b, String x, Preprocessing p) {
        return switch (p) {
            case TF -> b.node("Sub", List.of(b.node("Div", List.of(x, b.scalar("tf_scale", 127.5f)), "tf_scaled"),
                    b.scalar("tf_one", 1f)), "preprocessed");
            case CAFFE -> {
                String bgr = b.node("Gather", List.of(x, b.longs("caffe_bgr", new long[] {2, 1, 0}, 3)), "caffe_bgr",
                        intAttr("axis", 3));
                yield b.node("Sub", List.of(bgr, b.floats("caffe_mean", CAFFE_MEAN_BGR, 3)), "preprocessed");
            }
            case TORCH -> {
                String unit = b.node("Div", List.of(x, b.scalar("torch_255", 255f)), "torch_unit");
                String centred = b.node("Sub", List.of(unit, b.floats("torch_mean", TORCH_MEAN, 3)), "torch_centred");
                yield b.node("Div", List.of(centred, b.floats("torch_std", TORCH_STD, 3)), "preprocessed");
            }
            case NONE -> x;
        };
    }

    private static ModelProto model(OnnxGraphBuilder b, OnnxOpsets opsets, Map<String, String> metadata) {
        ModelProto.Builder m = ModelProto.newBuilder().setProducerName("tl4j").setProducerVersion(Tl4j.version())
                .setGraph(b.build());
        opsets.applyTo(m);
        metadata.forEach((k, v) -> m.addMetadataProps(StringStringEntryProto.newBuilder().setKey(k).setValue(v)));
        return m.build();
    }

    private static long[] batchDims(Shape example) {
        long[] dims = new long[example.rank() + 1];
        dims[0] = -1;
        for (int i = 0; i < example.rank(); i++) {
            dims[i + 1] = example.dim(i);
        }
        return dims;
    }
}
