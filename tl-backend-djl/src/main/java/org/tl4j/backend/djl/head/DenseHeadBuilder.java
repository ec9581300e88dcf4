package org.tl4j.backend.djl.head;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ForkJoinPool;
import org.tl4j.api.BackendException;
import org.tl4j.api.graph.Activation;
import org.tl4j.api.graph.ActivationFn;
import org.tl4j.api.graph.Dense;
import org.tl4j.api.graph.Dropout;
import org.tl4j.api.graph.GlobalAveragePool;
import org.tl4j.api.graph.Node;
import org.tl4j.api.graph.Shape;
import org.tl4j.api.weights.Weights;
import org.tl4j.spi.OptimizerSpec;

/**
 * Builds a {@link DenseHead} layer by layer from the graph's nodes: checks that each can run in a JVM head, takes its
 * weights, registers the trainable ones with the optimizer and notes where backward passes may stop.
 */
final class DenseHeadBuilder {
    final List<HeadLayer> layers = new ArrayList<>();
    final List<HeadOptimizer.Param> params = new ArrayList<>();
    final Weights weights;
    final Set<String> trainable;
    final OptimizerSpec optimizer;
    final long seed;
    final ForkJoinPool pool;
    final int inputSize;
    Shape shape;
    int width;
    boolean softmax;
    boolean anyTrainable;
    String description;

    DenseHeadBuilder(Shape input, Weights weights, Set<String> trainable, OptimizerSpec optimizer, long seed,
            ForkJoinPool pool) {
        this.shape = input;
        this.inputSize = Math.toIntExact(input.size());
        this.width = inputSize;
        this.weights = weights;
        this.trainable = optimizer == null ? Set.of() : trainable;
        this.optimizer = optimizer;
        this.seed = seed;
        this.pool = pool;
    }

    void add(Node n, boolean last) {
        if (!DenseHead.supports(n, shape) || (n instanceof GlobalAveragePool && !layers.isEmpty())) {
            throw new BackendException("layer '" + n.name() + "' (" + n.kerasClass() + ") cannot be part of a "
                    + "head trained on the JVM; a head is Dense, Dropout and activation layers on a vector, "
                    + "optionally after one GlobalAveragePooling2D");
        }
        if (n instanceof GlobalAveragePool g) {
            int c = shape.channels();
            layers.add(new HeadLayer(HeadLayer.Kind.POOL, g.name(), c, inputSize / c, ActivationFn.LINEAR, 0));
            width = c;
        } else if (n instanceof Dense d) {
            dense(d, last);
        } else if (n instanceof Dropout d) {
            layers.add(new HeadLayer(HeadLayer.Kind.DROPOUT, d.name(), width, width, ActivationFn.LINEAR, d.rate()));
        } else if (n instanceof Activation a) {
            activation(a, last);
        }
        shape = Shape.of(width);
        mark();
    }

    private void dense(Dense d, boolean last) {
        ActivationFn fn = d.activation();
        if (fn == ActivationFn.SOFTMAX) {
            requireLast(d, last);
            softmax = true;
            fn = ActivationFn.LINEAR;
        }
        HeadLayer l = new HeadLayer(HeadLayer.Kind.DENSE, d.name(), width, d.units(), fn, 0);
        l.kernel = DenseHead.toRows(weights.get(d.name() + "/kernel").data(), width, d.units());
        l.bias = d.useBias() ? weights.get(d.name() + "/bias").data().clone() : null;
        if (trainable.contains(d.name())) {
            l.kernelParam = new HeadOptimizer.Param(d.name() + "/kernel", l.kernel, new float[width][d.units()],
                    new int[] {width, d.units()}, true);
            params.add(l.kernelParam);
            if (l.bias != null) {
                l.biasParam = new HeadOptimizer.Param(d.name() + "/bias", new float[][] {l.bias},
                        new float[1][d.units()], new int[] {d.units()}, false);
                params.add(l.biasParam);
            }
            anyTrainable = true;
        }
        layers.add(l);
        width = d.units();
    }

    private void activation(Activation a, boolean last) {
        if (a.fn() == ActivationFn.SOFTMAX) {
            requireLast(a, last);
            softmax = true;
            return;
        }
        layers.add(new HeadLayer(HeadLayer.Kind.ACTIVATION, a.name(), width, width, a.fn(), 0));
    }

    private static void requireLast(Node n, boolean last) {
        if (!last) {
            throw new BackendException("layer '" + n.name() + "': a softmax inside a head trained on the JVM must "
                    + "be its last layer");
        }
    }

    /** Records, per layer, whether it or a layer before it trains (backward stops below the first such layer). */
    private void mark() {
        if (!layers.isEmpty()) {
            layers.get(layers.size() - 1).trainsBelowOrHere = anyTrainable;
        }
    }
}
