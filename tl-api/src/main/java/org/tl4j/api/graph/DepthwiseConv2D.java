package org.tl4j.api.graph;

import java.util.ArrayList;
import java.util.List;
import org.apiguardian.api.API;

/**
 * A depthwise 2-D convolution: kernel {@code kh×kw×C×multiplier}; output channel {@code c·m + j} uses
 * {@code K[:, :, c, j]}. The weight slot is {@code depthwise_kernel}, as in every published Keras file.
 */
@API(status = API.Status.STABLE, since = "0.1")
public record DepthwiseConv2D(String name, String input, int kernelH, int kernelW, int strideH, int strideW,
        Padding padding, int depthMultiplier, boolean useBias, ActivationFn activation) implements Node {

    /** A square-kernel, square-stride depthwise convolution with multiplier 1. */
    public static DepthwiseConv2D of(String name, String input, int kernel, int stride, Padding padding,
            boolean useBias) {
        return new DepthwiseConv2D(name, input, kernel, kernel, stride, stride, padding, 1, useBias,
                ActivationFn.LINEAR);
    }

    @Override
    public List<String> inputs() {
        return List.of(input);
    }

    @Override
    public String kerasClass() {
        return "DepthwiseConv2D";
    }

    @Override
    public Shape outputShape(List<Shape> inputShapes) {
        Shape in = single(inputShapes, 3);
        if (depthMultiplier <= 0) {
            throw error("depth multiplier must be positive", inputShapes);
        }
        return Pooling.windowed(this, in, kernelH, kernelW, strideH, strideW, padding,
                in.channels() * depthMultiplier, inputShapes);
    }

    @Override
    public List<WeightSlot> weightSlots(List<Shape> inputShapes) {
        int c = inputShapes.get(0).channels();
        List<WeightSlot> slots = new ArrayList<>();
        slots.add(new WeightSlot("depthwise_kernel", Shape.of(kernelH, kernelW, c, depthMultiplier)));
        if (useBias) {
            slots.add(new WeightSlot("bias", Shape.of(c * depthMultiplier)));
        }
        return slots;
    }
}
