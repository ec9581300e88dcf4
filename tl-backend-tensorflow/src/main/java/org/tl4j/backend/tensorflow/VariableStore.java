package org.tl4j.backend.tensorflow;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Assign;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;

/**
 * The variables of one TensorFlow graph, each with a placeholder and an assign op, so that values are fed from Java
 * arrays once (weights as graph constants are slow to build and double the memory) and read back in one run.
 */
final class VariableStore {
    /** One variable: its TensorFlow op, the placeholder that feeds it and the op that assigns it. */
    record Var(String key, int[] shape, Variable<TFloat32> variable, Placeholder<TFloat32> value,
            Assign<TFloat32> assign) {
    }

    private final Ops tf;
    private final Names names;
    private final List<Var> all = new ArrayList<>();

    VariableStore(Ops tf, Names names) {
        this.tf = tf;
        this.names = names;
    }

    /** A new float variable for {@code key} (a weight or slot name; sanitized for TensorFlow). */
    Var create(String key, int[] shape) {
        String name = names.unique(key);
        Shape s = Tensors.shape(shape);
        Variable<TFloat32> v = tf.withName(name).variable(s, TFloat32.class);
        Placeholder<TFloat32> p = tf.withName(name + "_value").placeholder(TFloat32.class, Placeholder.shape(s));
        Var var = new Var(key, shape.clone(), v, p, tf.assign(v, p));
        all.add(var);
        return var;
    }

    /** Every variable created so far. */
    List<Var> all() {
        return List.copyOf(all);
    }

    /** Assigns the given values in one session run. */
    static void assign(Session session, Map<Var, float[]> values) {
        if (values.isEmpty()) {
            return;
        }
        List<TFloat32> feeds = new ArrayList<>(values.size());
        try {
            Session.Runner runner = session.runner();
            for (Map.Entry<Var, float[]> e : values.entrySet()) {
                TFloat32 t = Tensors.toTf(e.getValue(), e.getKey().shape());
                feeds.add(t);
                runner.feed(e.getKey().value(), t).addTarget(e.getKey().assign());
            }
            runner.run().close();
        } finally {
            feeds.forEach(TFloat32::close);
        }
    }

    /** Reads the current values of the given variables in one session run, in order. */
    static Map<Var, float[]> read(Session session, List<Var> vars) {
        Map<Var, float[]> out = new LinkedHashMap<>();
        if (vars.isEmpty()) {
            return out;
        }
        Session.Runner runner = session.runner();
        vars.forEach(v -> runner.fetch(v.variable()));
        try (Result r = runner.run()) {
            for (int i = 0; i < vars.size(); i++) {
                out.put(vars.get(i), Tensors.read((TFloat32) r.get(i)));
            }
        }
        return out;
    }
}
