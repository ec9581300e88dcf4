package org.tl4j.backend.djl;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Runs an exported ONNX file with the raw ONNX Runtime API, nothing of tl4j or DJL involved; the export tests start
 * it in a fresh JVM. Arguments: model, raw float32 images file, n, h, w. Prints the labels metadata on the first
 * line, then the probabilities, one row per line.
 */
public final class ExportedModelRunner {
    private ExportedModelRunner() {
    }

    public static void main(String[] args) throws Exception {
        int n = Integer.parseInt(args[2]);
        int h = Integer.parseInt(args[3]);
        int w = Integer.parseInt(args[4]);
        ByteBuffer bytes = ByteBuffer.wrap(Files.readAllBytes(Path.of(args[1]))).order(ByteOrder.LITTLE_ENDIAN);
        float[] pixels = new float[bytes.remaining() / 4];
        bytes.asFloatBuffer().get(pixels);
        float[][] p = run(Path.of(args[0]), pixels, n, h, w);
        StringBuilder out = new StringBuilder(labels(Path.of(args[0]))).append('\n');
        for (float[] row : p) {
            for (int j = 0; j < row.length; j++) {
                out.append(j == 0 ? "" : " ").append(Float.toString(row[j]));
            }
            out.append('\n');
        }
        System.out.print(out);
    }

    /** The {@code probabilities} output for {@code [n, h, w, 3]} RGB pixels in [0, 255]. */
    static float[][] run(Path model, float[] pixels, int n, int h, int w) throws Exception {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession s = env.createSession(model.toString(), new OrtSession.SessionOptions());
                OnnxTensor x = OnnxTensor.createTensor(env, FloatBuffer.wrap(pixels), new long[] {n, h, w, 3});
                OrtSession.Result r = s.run(Map.of("images", x))) {
            return (float[][]) r.get("probabilities").orElseThrow().getValue();
        }
    }

    /** The {@code labels} metadata of a model. */
    static String labels(Path model) throws Exception {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession s = env.createSession(model.toString(), new OrtSession.SessionOptions())) {
            return s.getMetadata().getCustomMetadata().get("labels");
        }
    }
}
