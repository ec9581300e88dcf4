package org.tl4j.spark;

import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.tl4j.core.run.FeaturePass;
import org.tl4j.spi.BackendEngine;
import org.tl4j.spi.CompiledModel;

/**
 * The backend engines of one executor JVM, one per feature pass and thread count, opened by the first task that
 * needs it and kept for every later partition, task and job of the application: opening an engine and compiling the
 * base costs a second or more, a partition may take less. Each running task borrows a compiled model of its own
 * (tasks of one executor run concurrently; a model is used by one thread at a time) and gives it back for the next.
 *
 * <p>This is the one place in tl4j with static mutable state, by design: a Spark executor has no other object that
 * lives across tasks. Engines are never closed; they end with the executor.
 */
final class ExecutorEngines {
    private static final Map<String, Shared> ENGINES = new ConcurrentHashMap<>();

    private ExecutorEngines() {
    }

    /** A compiled model of {@code shipped}'s pass on {@code threads} CPU threads, for one task; close to give back. */
    static Lease lease(ShippedPass shipped, int threads) {
        Shared shared = ENGINES.computeIfAbsent(shipped.key() + "\nthreads=" + threads,
                k -> Shared.open(shipped.rebuild(), threads));
        CompiledModel model = shared.idle.poll();
        if (model == null) {
            synchronized (shared) {
                model = shared.pass.compile(shared.engine);
            }
        }
        return new Lease(shared, model);
    }

    /** How many engines this JVM holds (for tests: one per pass, however many tasks ran). */
    static int engines() {
        return ENGINES.size();
    }

    private record Shared(FeaturePass pass, BackendEngine engine, Queue<CompiledModel> idle) {
        static Shared open(FeaturePass pass, int threads) {
            return new Shared(pass, pass.open(threads), new ConcurrentLinkedQueue<>());
        }
    }

    /** A borrowed model and the pass it computes. */
    static final class Lease implements AutoCloseable {
        private final Shared shared;
        private final CompiledModel model;

        private Lease(Shared shared, CompiledModel model) {
            this.shared = shared;
            this.model = model;
        }

        FeaturePass pass() {
            return shared.pass;
        }

        CompiledModel model() {
            return model;
        }

        @Override
        public void close() {
            shared.idle.add(model);
        }
    }
}
