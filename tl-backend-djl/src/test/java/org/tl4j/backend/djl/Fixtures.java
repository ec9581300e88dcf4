package org.tl4j.backend.djl;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import org.tl4j.api.tensor.Tensor;

/** The files of src/test/resources/onnx, written by make_onnx_fixture.py. */
final class Fixtures {
    private Fixtures() {
    }

    static Path resource(String name) {
        try {
            return Path.of(Fixtures.class.getResource("/onnx/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The torchvision MobileNetV2 (width 0.35) features, NCHW input "input" [batch, 3, 64, 64]. */
    static Path mobilenet() {
        return resource("mobilenet_v2_035.onnx");
    }

    /** A float32 little-endian file as a tensor of the given shape. */
    static Tensor floats(String name, int... shape) {
        try {
            ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(resource(name))).order(ByteOrder.LITTLE_ENDIAN);
            float[] f = new float[b.remaining() / 4];
            b.asFloatBuffer().get(f);
            return Tensor.of(f, shape);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
