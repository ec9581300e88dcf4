package org.tl4j.backend.tensorflow;

import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tl4j.api.tensor.Tensor;

/** Copies between tl4j tensors (row-major float arrays) and TensorFlow tensors. */
final class Tensors {
    private Tensors() {
    }

    static Shape shape(int[] dims) {
        long[] d = new long[dims.length];
        for (int i = 0; i < dims.length; i++) {
            d[i] = dims[i];
        }
        return Shape.of(d);
    }

    /** A TensorFlow tensor holding a copy of {@code data}; the caller closes it. */
    static TFloat32 toTf(float[] data, int[] dims) {
        return TFloat32.tensorOf(shape(dims), DataBuffers.of(data, true, false));
    }

    static TFloat32 toTf(Tensor t) {
        return toTf(t.data(), t.shape());
    }

    static TInt32 toTf(int[] data) {
        return TInt32.vectorOf(data);
    }

    /** The values of a TensorFlow float tensor, row-major. */
    static float[] read(TFloat32 t) {
        float[] out = new float[Math.toIntExact(t.shape().size())];
        t.asRawTensor().data().asFloats().read(out);
        return out;
    }

    /** A tl4j tensor with the values and shape of a TensorFlow tensor. */
    static Tensor fromTf(TFloat32 t) {
        long[] s = t.shape().asArray();
        int[] dims = new int[s.length];
        for (int i = 0; i < s.length; i++) {
            dims[i] = Math.toIntExact(s[i]);
        }
        return Tensor.of(read(t), dims);
    }
}
