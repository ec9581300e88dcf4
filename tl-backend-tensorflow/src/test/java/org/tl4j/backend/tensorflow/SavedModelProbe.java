package org.tl4j.backend.tensorflow;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.types.TFloat32;
import org.tl4j.api.tensor.Tensor;

/**
 * Loads a SavedModel with plain TensorFlow Java, as a deployment would, and runs its serving signature. Run in a
 * child JVM by {@link SavedModelTests}: {@code SavedModelProbe <model dir> <images.f32> <n> <h> <w> <out.f32>}.
 */
public final class SavedModelProbe {
    private SavedModelProbe() {
    }

    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args[0]);
        int[] shape = {Integer.parseInt(args[2]), Integer.parseInt(args[3]), Integer.parseInt(args[4]), 3};
        Tensor images = Tensor.of(readFloats(Path.of(args[1])), shape);
        writeFloats(Path.of(args[5]), run(dir, images).data());
    }

    /** The {@code probabilities} of the {@code serving_default} signature for RGB images in [0, 255]. */
    static Tensor run(Path dir, Tensor images) {
        try (SavedModelBundle bundle = SavedModelBundle.load(dir.toString(), SavedModelBundle.DEFAULT_TAG);
                TFloat32 x = Tensors.toTf(images);
                Result r = bundle.function(SavedModelExport.SIGNATURE).call(Map.of(SavedModelExport.INPUT, x))) {
            return Tensors.fromTf((TFloat32) r.get(SavedModelExport.OUTPUT).orElseThrow());
        }
    }

    static float[] readFloats(Path file) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        float[] out = new float[b.remaining() / 4];
        b.asFloatBuffer().get(out);
        return out;
    }

    static void writeFloats(Path file, float[] data) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(data.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(data);
        Files.write(file, b.array());
    }
}
