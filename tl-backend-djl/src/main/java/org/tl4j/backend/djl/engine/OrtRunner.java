package org.tl4j.backend.djl.engine;

import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.translate.NoopTranslator;
import ai.djl.translate.TranslateException;
import ai.onnx.proto.OnnxMl.ModelProto;
import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.tl4j.api.BackendException;
import org.tl4j.api.tensor.Tensor;
import org.tl4j.api.internal.MoreFiles;

/**
 * One ONNX model loaded into ONNX Runtime through DJL ({@code Model.newInstance(name, device, "OnnxRuntime")}), run
 * with a {@link NoopTranslator} predictor. Batches larger than the configured batch size are split. The model is
 * written to a private temporary file for loading, which is deleted as soon as the session exists. Not thread-safe.
 */
final class OrtRunner implements AutoCloseable {
    /** DJL's name of its ONNX Runtime engine. */
    static final String ENGINE = "OnnxRuntime";

    private final Model model;
    private final Predictor<NDList, NDList> predictor;
    private final int chunk;
    private final String name;

    private OrtRunner(Model model, int chunk, String name) {
        this.model = model;
        this.predictor = model.newPredictor(new NoopTranslator());
        this.chunk = chunk;
        this.name = name;
    }

    /**
     * Loads a model on a DJL device with the settings' threads and optimisation level (and CUDA on a GPU).
     *
     * @param chunk most examples per call
     */
    static OrtRunner load(ModelProto proto, String name, ai.djl.Device device, EngineSettings settings, int chunk) {
        Path dir = null;
        Model model = Model.newInstance(name, device, ENGINE);
        try {
            dir = Files.createTempDirectory("tl4j-djl-");
            Files.write(dir.resolve("model.onnx"), proto.toByteArray());
            model.load(dir, "model", sessionOptions(settings));
            return new OrtRunner(model, chunk, name);
        } catch (IOException | MalformedModelException | RuntimeException e) {
            model.close();
            throw new BackendException("ONNX Runtime could not load the model of graph '" + name + "' on "
                    + device + ": " + rootMessage(e) + (device.isGpu() ? ". The GPU needs the onnxruntime_gpu "
                    + "build (Maven profile gpu) with CUDA 12 and cuDNN 9 libraries on the library path; or use "
                    + "backend.device = cpu" : ""), e);
        } finally {
            deleteQuietly(dir);
        }
    }

    /**
     * DJL's session options. A non-null map matters: with options and a GPU device DJL adds the CUDA execution
     * provider; {@code Model.load(path)} without options silently runs on the CPU.
     */
    private static Map<String, String> sessionOptions(EngineSettings s) {
        Map<String, String> options = new HashMap<>();
        options.put("intraOpNumThreads", Integer.toString(s.effectiveThreads()));
        options.put("interOpNumThreads", "1");
        options.put("executionMode", "SEQUENTIAL");
        options.put("optLevel", s.ortOptLevel());
        return options;
    }

    /** Runs a batch {@code [n, …]}, in equal parts of at most the chunk size; the output has {@code n} rows too. */
    Tensor run(Tensor batch) {
        int n = batch.dim(0);
        if (n <= chunk) {
            return runOnce(batch);
        }
        int parts = (n + chunk - 1) / chunk;
        int size = (n + parts - 1) / parts;
        Tensor first = null;
        float[] out = null;
        int rowSize = 0;
        for (int from = 0; from < n; from += size) {
            Tensor part = runOnce(batch.slice(from, Math.min(n, from + size)));
            if (first == null) {
                first = part;
                rowSize = part.rowSize();
                out = new float[n * rowSize];
            }
            System.arraycopy(part.data(), 0, out, from * rowSize, part.size());
        }
        int[] shape = first.shape();
        shape[0] = n;
        return Tensor.of(out, shape);
    }

    private Tensor runOnce(Tensor batch) {
        long[] dims = Arrays.stream(batch.shape()).asLongStream().toArray();
        try (NDManager manager = model.getNDManager().newSubManager()) {
            NDArray x = manager.create(FloatBuffer.wrap(batch.data()), new ai.djl.ndarray.types.Shape(dims));
            NDList out = predictor.predict(new NDList(x));
            try {
                NDArray y = out.get(0);
                int[] shape = Arrays.stream(y.getShape().getShape()).mapToInt(Math::toIntExact).toArray();
                return Tensor.of(y.toFloatArray(), shape);
            } finally {
                out.close();
            }
        } catch (TranslateException | RuntimeException e) {
            throw new BackendException("ONNX Runtime failed to run graph '" + name + "' on a batch of shape "
                    + Arrays.toString(batch.shape()) + ": " + rootMessage(e), e);
        }
    }

    @Override
    public void close() {
        predictor.close();
        model.close();
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t == e ? String.valueOf(e.getMessage()) : e.getMessage() + " (" + t.getMessage() + ")";
    }

    private static void deleteQuietly(Path dir) {
        MoreFiles.deleteQuietly(dir);
    }
}
