package org.tl4j.backend.tensorflow;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.PlaceholderWithDefault;
import org.tensorflow.types.TFloat32;
import org.tl4j.spi.OptimizerSpec;

/**
 * The update ops of Keras's optimizers for a list of variables and their gradients, built from TensorFlow's fused
 * training ops where their rule is Keras's:
 * <ul>
 * <li>Adam ({@code ApplyAdam}): {@code m += (g − m)(1 − β1)}, {@code v += (g² − v)(1 − β2)},
 * {@code w −= lr·√(1 − β2^t)/(1 − β1^t) · m / (√v + ε)};
 * <li>SGD: {@code w −= lr·g}; with momentum {@code m = μ·m − lr·g}, {@code w += m} (Keras's form, not
 * {@code ApplyMomentum}'s, which differs once the learning rate changes);
 * <li>RMSprop ({@code ApplyRMSProp}): {@code v = ρ·v + (1 − ρ)·g²}, {@code w −= lr·g / √(v + ε)} (with momentum
 * through a momentum slot).
 * </ul>
 * Slots start at zero and are named as Keras names them: {@code <weight>/momentum}, {@code <weight>/velocity}. The
 * learning rate and the step {@code t} are fed at each step; the step count lives in Java.
 */
final class KerasOptimizer {
    static final String MOMENTUM = "momentum";
    static final String VELOCITY = "velocity";

    private final OptimizerSpec spec;
    private final Op update;
    private final Map<String, VariableStore.Var> slots;
    private final PlaceholderWithDefault<TFloat32> learningRate;
    private final PlaceholderWithDefault<TFloat32> beta1Power;
    private final PlaceholderWithDefault<TFloat32> beta2Power;

    private KerasOptimizer(OptimizerSpec spec, Op update, Map<String, VariableStore.Var> slots,
            PlaceholderWithDefault<TFloat32> learningRate, PlaceholderWithDefault<TFloat32> beta1Power,
            PlaceholderWithDefault<TFloat32> beta2Power) {
        this.spec = spec;
        this.update = update;
        this.slots = slots;
        this.learningRate = learningRate;
        this.beta1Power = beta1Power;
        this.beta2Power = beta2Power;
    }

    /**
     * Builds the update of {@code vars} from {@code grads} (same order). Every update waits for every gradient, so
     * that no backward op reads a weight another update has already changed.
     */
    static KerasOptimizer build(Ops root, OptimizerSpec spec, List<VariableStore.Var> vars, Output<?>[] grads,
            VariableStore store) {
        Ops scope = root.withSubScope("optimizer");
        PlaceholderWithDefault<TFloat32> lr = scalar(scope, "learning_rate");
        PlaceholderWithDefault<TFloat32> b1p = scalar(scope, "beta1_power");
        PlaceholderWithDefault<TFloat32> b2p = scalar(scope, "beta2_power");
        Ops tf = scope.withControlDependencies(new ArrayList<Op>(List.of(grads)));
        Map<String, VariableStore.Var> slots = new LinkedHashMap<>();
        List<Op> updates = new ArrayList<>();
        for (int i = 0; i < vars.size(); i++) {
            VariableStore.Var v = vars.get(i);
            Operand<TFloat32> g = grads[i].expect(TFloat32.class);
            updates.add(switch (spec.kind()) {
                case ADAM -> tf.train.applyAdam(v.variable(), slot(store, slots, v, MOMENTUM),
                        slot(store, slots, v, VELOCITY), b1p, b2p, lr, f(tf, spec.beta1()), f(tf, spec.beta2()),
                        f(tf, spec.epsilon()), g);
                case SGD -> sgd(tf, spec, v, g, lr, store, slots);
                case RMSPROP -> tf.train.applyRmsProp(v.variable(), slot(store, slots, v, VELOCITY),
                        spec.momentum() > 0 ? slot(store, slots, v, MOMENTUM) : hidden(store, v), lr,
                        f(tf, spec.rho()), f(tf, spec.momentum()), f(tf, spec.epsilon()), g);
            });
        }
        Op update = scope.withControlDependencies(updates).noOp();
        return new KerasOptimizer(spec, update, slots, lr, b1p, b2p);
    }

    private static Op sgd(Ops tf, OptimizerSpec spec, VariableStore.Var v, Operand<TFloat32> g,
            Operand<TFloat32> lr, VariableStore store, Map<String, VariableStore.Var> slots) {
        if (spec.momentum() == 0) {
            return tf.train.applyGradientDescent(v.variable(), lr, g);
        }
        Operand<TFloat32> m = slot(store, slots, v, MOMENTUM);
        Operand<TFloat32> next = tf.assign(m, tf.math.sub(tf.math.mul(f(tf, spec.momentum()), m),
                tf.math.mul(lr, g)));
        return tf.assignAdd(v.variable(), next);
    }

    private static Operand<TFloat32> slot(VariableStore store, Map<String, VariableStore.Var> slots,
            VariableStore.Var of, String name) {
        VariableStore.Var s = store.create(of.key() + "/" + name, of.shape());
        slots.put(s.key(), s);
        return s.variable();
    }

    /** The momentum accumulator ApplyRMSProp needs even without momentum, where it only holds the last step. */
    private static Operand<TFloat32> hidden(VariableStore store, VariableStore.Var of) {
        return store.create(of.key() + "/rmsprop_increment", of.shape()).variable();
    }

    private static PlaceholderWithDefault<TFloat32> scalar(Ops tf, String name) {
        return tf.withName(name).placeholderWithDefault(tf.constant(0f), Shape.scalar());
    }

    private static Operand<TFloat32> f(Ops tf, double v) {
        return tf.constant((float) v);
    }

    /** The op that applies one step. */
    Op update() {
        return update;
    }

    /** Slot name ({@code <weight>/momentum}, …) → variable, in creation order. */
    Map<String, VariableStore.Var> slots() {
        return slots;
    }

    /** Feeds the learning rate and the bias corrections of step {@code t} (1 for the first step). */
    void feed(Session.Runner runner, double lr, long t, List<AutoCloseable> feeds) {
        runner.feed(learningRate, keep(feeds, TFloat32.scalarOf((float) lr)));
        if (spec.kind() == OptimizerSpec.Kind.ADAM) {
            runner.feed(beta1Power, keep(feeds, TFloat32.scalarOf((float) Math.pow(spec.beta1(), t))));
            runner.feed(beta2Power, keep(feeds, TFloat32.scalarOf((float) Math.pow(spec.beta2(), t))));
        }
    }

    private static TFloat32 keep(List<AutoCloseable> feeds, TFloat32 t) {
        feeds.add(t);
        return t;
    }
}
