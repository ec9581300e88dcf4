package org.tl4j.core.weights;

import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;
import java.util.List;
import org.tl4j.api.graph.Activation;
import org.tl4j.api.graph.ActivationFn;
import org.tl4j.api.graph.BatchNorm;
import org.tl4j.api.graph.Conv2D;
import org.tl4j.api.graph.Graph;
import org.tl4j.api.graph.GraphBuilder;
import org.tl4j.api.graph.Input;
import org.tl4j.api.graph.Padding;
import org.tl4j.api.graph.Shape;
import org.tl4j.api.tensor.Tensor;

/**
 * The tiny network of the HDF5 fixtures (see {@code fixtures/make_h5_fixtures.py}): conv1 (3×3, 4 filters, bias),
 * bn1, relu1, conv2 (1×1, 2 filters, no bias), bn2 on a 4×4×3 input.
 */
final class TinyNet {
    /** tl4j's weight names in Keras order, the order of the arrays in the fixtures. */
    static final List<String> WEIGHT_NAMES = List.of("conv1/kernel", "conv1/bias", "bn1/gamma", "bn1/beta",
            "bn1/moving_mean", "bn1/moving_variance", "conv2/kernel", "bn2/gamma", "bn2/beta", "bn2/moving_mean",
            "bn2/moving_variance");

    private TinyNet() {
    }

    static Graph graph() {
        GraphBuilder b = Graph.builder("tiny");
        b.add(new Input("input_1", Shape.hwc(4, 4, 3)));
        b.add(Conv2D.of("conv1", "input_1", 4, 3, 1, Padding.SAME, true, ActivationFn.LINEAR));
        b.add(new BatchNorm("bn1", "conv1", 1e-3, 0.99));
        b.add(new Activation("relu1", "bn1", ActivationFn.RELU));
        b.add(Conv2D.of("conv2", "relu1", 2, 1, 1, Padding.SAME, false, ActivationFn.LINEAR));
        b.add(new BatchNorm("bn2", "conv2", 1e-3, 0.99));
        return b.build();
    }

    /** The value the fixtures store at flat index {@code i} of array number {@code k} (0-based, Keras order). */
    static float value(int k, int i) {
        return (float) (k + 1 + i / 1000.0);
    }

    /** The tensor the fixtures store as array number {@code k}, with the given shape. */
    static Tensor expected(int k, int... shape) {
        int n = 1;
        for (int d : shape) {
            n *= d;
        }
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = value(k, i);
        }
        return Tensor.of(v, shape);
    }

    /** A fixture file from {@code src/test/resources/fixtures}. */
    static Path fixture(String name) {
        URL url = TinyNet.class.getResource("/fixtures/" + name);
        if (url == null) {
            throw new IllegalStateException("missing test fixture " + name + "; run fixtures/make_h5_fixtures.py");
        }
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
