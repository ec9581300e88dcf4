package org.tl4j.backend.djl.engine;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import org.tl4j.api.BackendException;
import org.tl4j.api.TlConfigException;

/**
 * Finds the output shape of an ONNX network by running it once on a zero image in ONNX Runtime (its raw Java API,
 * on the CPU, in the environment DJL's engine created), which works whatever symbolic dimensions the file declares.
 */
public final class OnnxProbe {
    private OnnxProbe() {
    }

    /**
     * The output dimensions (batch first) for one {@code height×width} RGB image.
     *
     * @param nhwc   whether the network takes {@code [n, h, w, 3]} rather than {@code [n, 3, h, w]}
     * @param input  the input name, or null for the first input
     * @param output the output name, or null for the first output
     */
    public static long[] outputDims(Path model, String input, String output, boolean nhwc, int height, int width) {
        DjlEngine.ortEngine();
        return run(model, input, output, nhwc, height, width);
    }

    /** A network built for one input size says so, instead of ONNX Runtime's index-by-index complaint. */
    private static void checkSize(Path model, OrtSession session, String in, boolean nhwc, int height, int width)
            throws OrtException {
        NodeInfo info = session.getInputInfo().get(in);
        if (info == null) {
            throw new BackendException("ONNX model '" + model + "' has no input named '" + in + "'; its inputs are "
                    + session.getInputNames());
        }
        if (info.getInfo() instanceof TensorInfo t && t.getShape().length == 4) {
            long h = t.getShape()[nhwc ? 1 : 2];
            long w = t.getShape()[nhwc ? 2 : 3];
            if ((h > 0 && h != height) || (w > 0 && w != width)) {
                throw new TlConfigException("the ONNX model '" + model + "' takes " + (h > 0 ? h : "any") + "×"
                        + (w > 0 ? w : "any") + " images (" + (nhwc ? "NHWC" : "NCHW") + " " + Arrays.toString(
                        t.getShape()) + "), not " + height + "×" + width + "; set tl4j.backbone.input-size to match"
                        + (nhwc ? "" : ", or check tl4j.backbone.options.layout"));
            }
        }
    }

    private static long[] run(Path model, String input, String output, boolean nhwc, int height, int width) {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        long[] shape = nhwc ? new long[] {1, height, width, 3} : new long[] {1, 3, height, width};
        try (OrtSession.SessionOptions opts = new OrtSession.SessionOptions()) {
            opts.setIntraOpNumThreads(1);
            try (OrtSession session = env.createSession(model.toString(), opts);
                    OnnxTensor x = OnnxTensor.createTensor(env, FloatBuffer.allocate(3 * height * width), shape)) {
                String in = input != null ? input : session.getInputNames().iterator().next();
                String out = output != null ? output : session.getOutputNames().iterator().next();
                checkSize(model, session, in, nhwc, height, width);
                try (OrtSession.Result r = session.run(Map.of(in, x))) {
                    Optional<OnnxValue> y = r.get(out);
                    if (y.isEmpty() || !(y.get() instanceof OnnxTensor t)) {
                        throw new BackendException("ONNX model '" + model + "' gave no tensor named '" + out + "'");
                    }
                    return t.getInfo().getShape();
                }
            }
        } catch (OrtException e) {
            throw new BackendException("ONNX Runtime could not run '" + model + "' on a " + height + "×" + width
                    + " image " + Arrays.toString(shape) + ": " + e.getMessage(), e);
        }
    }
}
