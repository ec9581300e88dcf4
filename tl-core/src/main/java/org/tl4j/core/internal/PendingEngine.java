package org.tl4j.core.internal;

import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.tl4j.api.graph.Graph;
import org.tl4j.api.internal.Trace;
import org.tl4j.api.weights.Weights;
import org.tl4j.spi.Backend;
import org.tl4j.spi.BackendEngine;
import org.tl4j.spi.BackendOptions;
import org.tl4j.spi.CompileOptions;
import org.tl4j.spi.CompiledModel;
import org.tl4j.spi.OptimizerSpec;

/**
 * A backend engine being opened on a helper thread (loading TensorFlow's natives takes about a second): every call
 * waits for it and fails as the opening failed, so a run lists and hashes its images, makes its weights and starts
 * decoding while the engine loads. Every method of {@link BackendEngine} is passed on, default methods included
 * (a test checks it), so that the engine's own implementations are the ones that run.
 */
public final class PendingEngine implements BackendEngine {
    private final CompletableFuture<BackendEngine> opening;

    private PendingEngine(CompletableFuture<BackendEngine> opening) {
        this.opening = opening;
    }

    /** Starts opening {@code backend}'s engine on a daemon thread. */
    public static PendingEngine open(Backend backend, BackendOptions options) {
        return new PendingEngine(Background.start("tl4j-open-" + backend.id(), () -> {
            Trace.mark("engine: opening");
            BackendEngine e = backend.open(options);
            Trace.mark("engine: open");
            return e;
        }));
    }

    private BackendEngine engine() {
        return Background.join(opening);
    }

    @Override
    public List<String> devices() {
        return engine().devices();
    }

    @Override
    public String device() {
        return engine().device();
    }

    @Override
    public CompiledModel compile(Graph graph, Weights weights, Set<String> trainable, OptimizerSpec optimizer) {
        return engine().compile(graph, weights, trainable, optimizer);
    }

    @Override
    public CompiledModel compile(Graph graph, Weights weights, Set<String> trainable, OptimizerSpec optimizer,
            CompileOptions options) {
        return engine().compile(graph, weights, trainable, optimizer, options);
    }

    /**
     * Closes the engine once it is open, without waiting when it is still opening (a run that failed first need not
     * wait for natives it will not use); nothing to close when the opening failed.
     */
    @Override
    public void close() {
        opening.thenAccept(BackendEngine::close);
    }

    @Override
    public String toString() {
        return opening.isDone() && !opening.isCompletedExceptionally() ? opening.join().toString()
                : "engine being opened";
    }
}
