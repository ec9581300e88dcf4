package org.tl4j.core.internal;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;

/**
 * Slow set-up work (opening an engine, compiling a model) started on a helper thread so that it overlaps with other
 * work, and joined where its result is needed, failing with the exception the work threw.
 */
public final class Background {
    private Background() {
    }

    /** Runs {@code task} on a new daemon thread named {@code threadName}. */
    public static <T> CompletableFuture<T> start(String threadName, Supplier<T> task) {
        return CompletableFuture.supplyAsync(task, runnable -> {
            Thread t = new Thread(runnable, threadName);
            t.setDaemon(true);
            t.start();
        });
    }

    /** Waits for the result; rethrows the task's own unchecked exception or error. */
    public static <T> T join(CompletableFuture<T> result) {
        try {
            return result.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            if (e.getCause() instanceof Error cause) {
                throw cause;
            }
            throw e;
        }
    }
}
