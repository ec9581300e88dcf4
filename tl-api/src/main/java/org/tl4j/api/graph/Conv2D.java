package org.tl4j.api.graph;

import java.util.ArrayList;
import java.util.List;
import org.apiguardian.api.API;

/** A 2-D convolution (cross-correlation), NHWC, HWIO kernel, with an optional fused activation as in Keras. */
@API(status = API.Status.STABLE, since = "0.1")
public record Conv2D(String name, String input, int filters, int kernelH, int kernelW, int strideH, int strideW,
        Padding padding, boolean useBias, ActivationFn activation) implements Node {

    /** A square-kernel, square-stride convolution. */
    public static Conv2D of(String name, String input, int filters, int kernel, int stride, Padding padding,
            boolean useBias, ActivationFn activation) {
        return new Conv2D(name, input, filters, kernel, kernel, stride, stride, padding, useBias, activation);
    }

    @Override
    public List<String> inputs() {
        return List.of(input);
    }

    @Override
    public String kerasClass() {
        return "Conv2D";
    }

    @Override
    public Shape outputShape(List<Shape> inputShapes) {
        Shape in = single(inputShapes, 3);
        if (filters <= 0 || kernelH <= 0 || kernelW <= 0 || strideH <= 0 || strideW <= 0) {
            throw error("filters, kernel and strides must be positive", inputShapes);
        }
        return Pooling.windowed(this, in, kernelH, kernelW, strideH, strideW, padding, filters, inputShapes);
    }

    @Override
    public List<WeightSlot> weightSlots(List<Shape> inputShapes) {
        List<WeightSlot> slots = new ArrayList<>();
        slots.add(new WeightSlot("kernel", Shape.of(kernelH, kernelW, inputShapes.get(0).channels(), filters)));
        if (useBias) {
            slots.add(new WeightSlot("bias", Shape.of(filters)));
        }
        return slots;
    }
}
