package org.tl4j.backend.djl.onnx;

import ai.onnx.proto.OnnxMl.FunctionProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The operator sets, IR version and model-local functions a model needs: tl4j's own operators (opset
 * {@value #TL4J_OPSET} of the default domain, chosen from operators whose semantics have not changed since) plus
 * whatever an imported ONNX sub-network declares.
 */
final class OnnxOpsets {
    /** The default-domain opset tl4j writes; every operator it uses means the same in all later opsets. */
    static final long TL4J_OPSET = 13;
    /** IR version 7 is the one that introduced opset 13. */
    static final long TL4J_IR_VERSION = 7;

    private final Map<String, Long> versions = new LinkedHashMap<>();
    private final List<FunctionProto> functions = new ArrayList<>();
    private long irVersion = TL4J_IR_VERSION;

    OnnxOpsets() {
        versions.put("", TL4J_OPSET);
    }

    /** Adds what an imported model needs; the default domain is {@code ""} (also spelled {@code ai.onnx}). */
    void require(ModelProto imported) {
        for (OperatorSetIdProto op : imported.getOpsetImportList()) {
            String domain = op.getDomain().equals("ai.onnx") ? "" : op.getDomain();
            versions.merge(domain, op.getVersion(), Math::max);
        }
        irVersion = Math.max(irVersion, imported.getIrVersion());
        functions.addAll(imported.getFunctionsList());
    }

    /** Writes the opset imports, IR version and functions into a model. */
    void applyTo(ModelProto.Builder model) {
        model.setIrVersion(irVersion);
        versions.forEach((domain, version) -> model.addOpsetImport(
                OperatorSetIdProto.newBuilder().setDomain(domain).setVersion(version)));
        model.addAllFunctions(functions);
    }
}
