package org.tl4j.backend.djl.onnx;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import com.google.protobuf.ByteString;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Appends nodes, initializers, inputs and outputs to an ONNX {@link GraphProto} and keeps every value name unique.
 * Tensors are written as little-endian {@code raw_data}, as ONNX requires.
 */
final class OnnxGraphBuilder {
    /** The name of the symbolic batch dimension of graph inputs and outputs. */
    static final String BATCH = "batch";

    private final GraphProto.Builder graph;
    private final Set<String> used = new HashSet<>();
    private int nodeCount;

    OnnxGraphBuilder(String name) {
        this.graph = GraphProto.newBuilder().setName(name);
    }

    /** A fresh value name: {@code base}, or {@code base_1}, {@code base_2}, … when taken. */
    String unique(String base) {
        String name = base;
        for (int i = 1; !used.add(name); i++) {
            name = base + "_" + i;
        }
        return name;
    }

    /** Marks names that an imported sub-graph already uses. */
    void reserve(String name) {
        used.add(name);
    }

    /** A float32 initializer; returns its (unique) name. */
    String floats(String base, float[] values, long... dims) {
        ByteBuffer buf = ByteBuffer.allocate(values.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        buf.asFloatBuffer().put(values);
        return initializer(base, TensorProto.DataType.FLOAT, buf.array(), dims);
    }

    /** An int64 initializer; returns its (unique) name. */
    String longs(String base, long[] values, long... dims) {
        ByteBuffer buf = ByteBuffer.allocate(values.length * Long.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        buf.asLongBuffer().put(values);
        return initializer(base, TensorProto.DataType.INT64, buf.array(), dims);
    }

    /** A float32 scalar initializer. */
    String scalar(String base, float value) {
        return floats(base, new float[] {value});
    }

    private String initializer(String base, TensorProto.DataType type, byte[] raw, long... dims) {
        String name = unique(base);
        TensorProto.Builder t = TensorProto.newBuilder().setName(name).setDataType(type.getNumber())
                .setRawData(ByteString.copyFrom(raw));
        for (long d : dims) {
            t.addDims(d);
        }
        graph.addInitializer(t);
        return name;
    }

    /** Adds a node of the default domain with one output named after {@code outputBase}; returns that name. */
    String node(String opType, List<String> inputs, String outputBase, AttributeProto... attributes) {
        String out = unique(outputBase);
        NodeProto.Builder n = NodeProto.newBuilder().setOpType(opType).setName(opType + "_" + nodeCount++)
                .addAllInput(inputs).addOutput(out);
        for (AttributeProto a : attributes) {
            n.addAttribute(a);
        }
        graph.addNode(n);
        return out;
    }

    /** Adds a node built elsewhere (from an imported model), unchanged. */
    void addNode(NodeProto node) {
        graph.addNode(node);
        nodeCount++;
    }

    /** Adds an initializer built elsewhere (from an imported model), unchanged. */
    void addInitializer(TensorProto tensor) {
        graph.addInitializer(tensor);
    }

    /** Adds value information built elsewhere (from an imported model), unchanged. */
    void addValueInfo(ValueInfoProto info) {
        graph.addValueInfo(info);
    }

    /** Declares a float32 graph input; {@code -1} dimensions become the symbolic batch (first) or a free size. */
    void input(String name, long... dims) {
        used.add(name);
        graph.addInput(valueInfo(name, dims));
    }

    /** Declares a float32 graph output. */
    void output(String name, long... dims) {
        graph.addOutput(valueInfo(name, dims));
    }

    /** Copies {@code from} to a value of the exact name {@code to}, reserved beforehand with {@link #reserve}. */
    void identity(String from, String to) {
        graph.addNode(NodeProto.newBuilder().setOpType("Identity").setName("Identity_" + nodeCount++)
                .addInput(from).addOutput(to));
    }

    GraphProto build() {
        return graph.build();
    }

    private static ValueInfoProto valueInfo(String name, long... dims) {
        TensorShapeProto.Builder shape = TensorShapeProto.newBuilder();
        for (int i = 0; i < dims.length; i++) {
            TensorShapeProto.Dimension.Builder d = TensorShapeProto.Dimension.newBuilder();
            if (dims[i] >= 0) {
                d.setDimValue(dims[i]);
            } else {
                d.setDimParam(i == 0 ? BATCH : name + "_dim" + i);
            }
            shape.addDim(d);
        }
        TypeProto type = TypeProto.newBuilder().setTensorType(TypeProto.Tensor.newBuilder()
                .setElemType(TensorProto.DataType.FLOAT.getNumber()).setShape(shape)).build();
        return ValueInfoProto.newBuilder().setName(name).setType(type).build();
    }

    /** An integer attribute. */
    static AttributeProto intAttr(String name, long value) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INT).setI(value).build();
    }

    /** An integer-list attribute. */
    static AttributeProto intsAttr(String name, long... values) {
        AttributeProto.Builder a = AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INTS);
        for (long v : values) {
            a.addInts(v);
        }
        return a.build();
    }

    /** A string attribute. */
    static AttributeProto stringAttr(String name, String value) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.STRING)
                .setS(ByteString.copyFromUtf8(value)).build();
    }

    /** A float attribute. */
    static AttributeProto floatAttr(String name, float value) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.FLOAT).setF(value)
                .build();
    }
}
