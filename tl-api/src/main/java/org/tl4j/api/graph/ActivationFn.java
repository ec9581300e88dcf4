package org.tl4j.api.graph;

import java.util.Locale;
import org.apiguardian.api.API;

/** The element-wise activations a graph can use; {@code RELU6} is Keras {@code ReLU(6.0)}. */
@API(status = API.Status.STABLE, since = "0.1")
public enum ActivationFn {
    LINEAR, RELU, RELU6, SIGMOID, SOFTMAX;

    /** The Keras name: {@code linear}, {@code relu}, {@code relu6}, {@code sigmoid}, {@code softmax}. */
    public String keras() {
        return name().toLowerCase(Locale.ROOT);
    }
}
