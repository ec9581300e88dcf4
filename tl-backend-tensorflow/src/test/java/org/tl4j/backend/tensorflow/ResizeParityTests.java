package org.tl4j.backend.tensorflow;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.tensorflow.Graph;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.image.ResizeBilinear;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tl4j.core.data.Resize;
import org.tl4j.core.data.RgbImage;

/**
 * tl4j's resize ({@link Resize#bilinear}, what the data pipeline uses to fit images to a backbone's input) against
 * TensorFlow's own {@code ResizeBilinear} op with {@code half_pixel_centers = true, align_corners = false} — the op
 * behind {@code tf.image.resize(method='bilinear')} and Keras's image loading — on random images in [0, 255]:
 * downscaling and upscaling, odd and non-square sizes. Acceptance (issue F5): max |diff| ≤ 1e-4.
 */
final class ResizeParityTests {
    private static final double TOLERANCE = 1e-4;
    private static Graph graph;
    private static Session session;
    private static Placeholder<TFloat32> images;
    private static Placeholder<TInt32> size;
    private static ResizeBilinear resized;

    @BeforeAll
    static void buildGraph() {
        graph = new Graph();
        Ops tf = Ops.create(graph);
        images = tf.placeholder(TFloat32.class);
        size = tf.placeholder(TInt32.class);
        resized = tf.image.resizeBilinear(images, size, ResizeBilinear.halfPixelCenters(true),
                ResizeBilinear.alignCorners(false));
        session = new Session(graph);
    }

    @AfterAll
    static void close() {
        session.close();
        graph.close();
    }

    @ParameterizedTest(name = "{0}x{1} -> {2}x{3}")
    @CsvSource({
        "375, 500, 160, 160", // the seed workflow: a 500x375 photo to MobileNetV2@160
        "500, 375, 224, 224",
        "240, 320, 224, 224",
        "33, 47, 32, 32",
        "160, 160, 224, 224", // upscaling
        "7, 5, 16, 11",
        "1, 9, 4, 3",
        "101, 63, 37, 91", // down in height, up in width
        "64, 64, 63, 65",
        "2, 2, 3, 3"})
    void matchesTensorFlowsResizeBilinear(int inH, int inW, int outH, int outW) {
        float[] pixels = randomPixels(inH * inW * 3, 31L * inH + inW);
        float[] expected = tensorFlow(pixels, inH, inW, outH, outW);
        float[] actual = Resize.bilinear(RgbImage.of(inH, inW, pixels), outH, outW).pixels();
        assertThat(actual).hasSameSizeAs(expected);
        double max = 0;
        for (int i = 0; i < actual.length; i++) {
            max = Math.max(max, Math.abs(actual[i] - expected[i]));
        }
        assertThat(max).as("max |tl4j - TensorFlow| resizing %dx%d to %dx%d", inH, inW, outH, outW)
                .isLessThanOrEqualTo(TOLERANCE);
    }

    /** Random values in [0, 255]: whole numbers (decoded 8-bit pixels) and, for every other value, fractions. */
    private static float[] randomPixels(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] out = new float[n];
        for (int i = 0; i < n; i++) {
            out[i] = i % 2 == 0 ? r.nextInt(256) : (float) r.nextDouble(0, 255);
        }
        return out;
    }

    private static float[] tensorFlow(float[] pixels, int inH, int inW, int outH, int outW) {
        try (TFloat32 x = Tensors.toTf(pixels, new int[] {1, inH, inW, 3});
                TInt32 s = Tensors.toTf(new int[] {outH, outW});
                Result r = session.runner().feed(images, x).feed(size, s).fetch(resized).run()) {
            TFloat32 y = (TFloat32) r.get(0);
            assertThat(y.shape().asArray()).containsExactly(1, outH, outW, 3);
            return Tensors.read(y);
        }
    }
}
