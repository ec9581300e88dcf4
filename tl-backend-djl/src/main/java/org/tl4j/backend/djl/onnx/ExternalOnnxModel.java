package org.tl4j.backend.djl.onnx;

import static org.tl4j.backend.djl.onnx.OnnxGraphBuilder.intsAttr;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import ai.onnx.proto.OnnxMl.StringStringEntryProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import com.google.protobuf.ByteString;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.tl4j.api.BackendException;
import org.tl4j.api.graph.External;

/**
 * A third-party ONNX network inside a tl4j graph ({@link External} with format {@code onnx}), merged into the
 * model tl4j writes: every name of the imported graph gets the layer's name as prefix, its input is wired to the
 * value before it (transposed when the network wants NHWC) and its output becomes the layer's value. One ONNX
 * Runtime session then runs base and head, and the exported file is self-contained.
 *
 * <p>Options of the {@link External} node: {@value #INPUT_NAME} and {@value #OUTPUT_NAME} (default: the model's
 * only input and its first output) and {@value #LAYOUT} ({@code nchw}, the default, or {@code nhwc}): the layout
 * of the network's image input and of a 4-d output.
 */
public final class ExternalOnnxModel {
    /** The format id of {@link External} nodes this backend runs. */
    public static final String FORMAT = "onnx";
    /** Option: the name of the network's image input. */
    public static final String INPUT_NAME = "input-name";
    /** Option: the name of the network output to use. */
    public static final String OUTPUT_NAME = "output-name";
    /** Option: {@code nchw} or {@code nhwc}. */
    public static final String LAYOUT = "layout";

    private final External node;
    private final ModelProto model;
    private final String inputName;
    private final String outputName;
    private final boolean nhwc;

    private ExternalOnnxModel(External node, ModelProto model, String inputName, String outputName, boolean nhwc) {
        this.node = node;
        this.model = model;
        this.inputName = inputName;
        this.outputName = outputName;
        this.nhwc = nhwc;
    }

    /** Reads and checks the ONNX file of an {@link External} node. */
    public static ExternalOnnxModel read(External node) {
        if (!FORMAT.equals(node.format())) {
            throw new BackendException("layer '" + node.name() + "' is an external '" + node.format()
                    + "' network; the djl backend runs external networks of format '" + FORMAT + "' only");
        }
        Path path = Path.of(node.location());
        ModelProto model;
        try {
            model = inlineExternalData(ModelProto.parseFrom(Files.readAllBytes(path)), path);
        } catch (IOException e) {
            throw new BackendException("cannot read the ONNX file '" + path.toAbsolutePath() + "' of layer '"
                    + node.name() + "': " + e.getMessage(), e);
        }
        GraphProto g = model.getGraph();
        Set<String> initializers = new HashSet<>();
        g.getInitializerList().forEach(t -> initializers.add(t.getName()));
        List<String> inputs = g.getInputList().stream().map(ValueInfoProto::getName)
                .filter(n -> !initializers.contains(n)).toList();
        List<String> outputs = g.getOutputList().stream().map(ValueInfoProto::getName).toList();
        String in = choose(node, INPUT_NAME, inputs, "input");
        String out = choose(node, OUTPUT_NAME, outputs, "output");
        if (inputs.size() > 1) {
            throw new BackendException("the ONNX file '" + path + "' of layer '" + node.name() + "' has "
                    + inputs.size() + " inputs " + inputs + "; an onnx backbone must take one image input");
        }
        checkOpset(model, node, path);
        return new ExternalOnnxModel(node, model, in, out, layoutIsNhwc(node));
    }

    /** Whether the network's layout option is {@code nhwc}; throws for values other than nchw and nhwc. */
    public static boolean layoutIsNhwc(External node) {
        String layout = node.options().getOrDefault(LAYOUT, "nchw").toLowerCase(Locale.ROOT);
        if (!layout.equals("nchw") && !layout.equals("nhwc")) {
            throw new BackendException("layer '" + node.name() + "': layout '" + layout
                    + "' is not supported; use nchw or nhwc");
        }
        return layout.equals("nhwc");
    }

    private static String choose(External node, String option, List<String> names, String what) {
        String wanted = node.options().get(option);
        if (wanted == null || wanted.isBlank()) {
            if (names.isEmpty()) {
                throw new BackendException("the ONNX file '" + node.location() + "' of layer '" + node.name()
                        + "' declares no " + what);
            }
            return names.get(0);
        }
        if (!names.contains(wanted)) {
            throw new BackendException("the ONNX file '" + node.location() + "' of layer '" + node.name()
                    + "' has no " + what + " named '" + wanted + "'; its " + what + "s are " + names);
        }
        return wanted;
    }

    private static void checkOpset(ModelProto model, External node, Path path) {
        for (OperatorSetIdProto op : model.getOpsetImportList()) {
            boolean standard = op.getDomain().isEmpty() || op.getDomain().equals("ai.onnx");
            if (standard && op.getVersion() < OnnxOpsets.TL4J_OPSET) {
                throw new BackendException("the ONNX file '" + path + "' of layer '" + node.name() + "' uses opset "
                        + op.getVersion() + "; tl4j merges it into its own model, which needs opset "
                        + OnnxOpsets.TL4J_OPSET + " or later. Re-export it with opset_version=" + OnnxOpsets.TL4J_OPSET
                        + " (torch.onnx.export) or convert it (onnx.version_converter.convert_version)");
            }
        }
    }

    /** Tensors stored beside the model ({@code data_location = EXTERNAL}) are read into the model. */
    private static ModelProto inlineExternalData(ModelProto model, Path path) throws IOException {
        GraphProto g = model.getGraph();
        boolean any = g.getInitializerList().stream()
                .anyMatch(t -> t.getDataLocation() == TensorProto.DataLocation.EXTERNAL);
        if (!any) {
            return model;
        }
        GraphProto.Builder gb = g.toBuilder();
        for (TensorProto.Builder t : gb.getInitializerBuilderList()) {
            if (t.getDataLocation() == TensorProto.DataLocation.EXTERNAL) {
                t.setRawData(readExternal(t.getExternalDataList(), path.toAbsolutePath().getParent()))
                        .clearExternalData().setDataLocation(TensorProto.DataLocation.DEFAULT);
            }
        }
        return model.toBuilder().setGraph(gb).build();
    }

    private static ByteString readExternal(List<StringStringEntryProto> entries, Path dir) throws IOException {
        Map<String, String> m = new java.util.HashMap<>();
        entries.forEach(e -> m.put(e.getKey(), e.getValue()));
        Path file = dir.resolve(m.get("location")).normalize();
        if (!file.startsWith(dir)) {
            throw new IOException("external data '" + m.get("location") + "' lies outside the model's folder");
        }
        long offset = Long.parseLong(m.getOrDefault("offset", "0"));
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "r")) {
            long length = m.containsKey("length") ? Long.parseLong(m.get("length")) : f.length() - offset;
            byte[] data = new byte[Math.toIntExact(length)];
            f.seek(offset);
            f.readFully(data);
            return ByteString.copyFrom(data);
        }
    }

    /**
     * Merges the network into {@code b}, reading {@code nchwInput} (tl4j's NCHW value of the layer's input);
     * returns the layer's output value (NCHW for 4-d outputs, {@code [n, c]} for vectors).
     */
    String merge(OnnxGraphBuilder b, String nchwInput, OnnxOpsets opsets) {
        opsets.require(model);
        String prefix = node.name() + "/";
        String feed = nhwc ? b.node("Transpose", List.of(nchwInput), prefix + "input_nhwc",
                intsAttr("perm", 0, 2, 3, 1)) : nchwInput;
        UnaryOperator<String> rename = s -> s.isEmpty() ? s : s.equals(inputName) ? feed : prefix + s;
        GraphProto g = model.getGraph();
        for (TensorProto t : g.getInitializerList()) {
            b.reserve(rename.apply(t.getName()));
            b.addInitializer(t.toBuilder().setName(rename.apply(t.getName())).build());
        }
        for (ValueInfoProto v : g.getValueInfoList()) {
            if (!v.getName().equals(inputName)) {
                b.addValueInfo(v.toBuilder().setName(rename.apply(v.getName())).build());
            }
        }
        for (NodeProto n : g.getNodeList()) {
            NodeProto renamed = renameNode(n, rename);
            renamed.getOutputList().forEach(b::reserve);
            b.addNode(renamed);
        }
        String out = rename.apply(outputName);
        boolean map = node.output().rank() == 3;
        return nhwc && map ? b.node("Transpose", List.of(out), prefix + "output_nchw", intsAttr("perm", 0, 3, 1, 2))
                : out;
    }

    private static NodeProto renameNode(NodeProto n, UnaryOperator<String> rename) {
        NodeProto.Builder nb = n.toBuilder().clearInput().clearOutput();
        n.getInputList().forEach(s -> nb.addInput(rename.apply(s)));
        n.getOutputList().forEach(s -> nb.addOutput(rename.apply(s)));
        if (!n.getName().isEmpty()) {
            nb.setName(rename.apply(n.getName()));
        }
        for (int i = 0; i < nb.getAttributeCount(); i++) {
            AttributeProto a = nb.getAttribute(i);
            if (a.hasG() || a.getGraphsCount() > 0) {
                AttributeProto.Builder ab = a.toBuilder();
                if (a.hasG()) {
                    ab.setG(renameGraph(a.getG(), rename));
                }
                for (int j = 0; j < a.getGraphsCount(); j++) {
                    ab.setGraphs(j, renameGraph(a.getGraphs(j), rename));
                }
                nb.setAttribute(i, ab);
            }
        }
        return nb.build();
    }

    /** Renames a control-flow body consistently with its outer graph (its own names get the prefix too). */
    private static GraphProto renameGraph(GraphProto g, UnaryOperator<String> rename) {
        GraphProto.Builder gb = g.toBuilder().clearNode();
        g.getNodeList().forEach(n -> gb.addNode(renameNode(n, rename)));
        for (int i = 0; i < gb.getInputCount(); i++) {
            gb.setInput(i, gb.getInput(i).toBuilder().setName(rename.apply(gb.getInput(i).getName())));
        }
        for (int i = 0; i < gb.getOutputCount(); i++) {
            gb.setOutput(i, gb.getOutput(i).toBuilder().setName(rename.apply(gb.getOutput(i).getName())));
        }
        for (int i = 0; i < gb.getInitializerCount(); i++) {
            TensorProto t = gb.getInitializer(i);
            gb.setInitializer(i, t.toBuilder().setName(rename.apply(t.getName())));
        }
        for (int i = 0; i < gb.getValueInfoCount(); i++) {
            gb.setValueInfo(i, gb.getValueInfo(i).toBuilder().setName(rename.apply(gb.getValueInfo(i).getName())));
        }
        return gb.build();
    }

    /** The name of the network's image input. */
    public String inputName() {
        return inputName;
    }

    /** The name of the network output used. */
    public String outputName() {
        return outputName;
    }
}
