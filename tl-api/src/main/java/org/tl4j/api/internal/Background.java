package org.tl4j.api.internal;

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

    /** Starts making a resource on a new daemon thread named {@code threadName}. */
    public static <T extends AutoCloseable> Pending<T> open(String threadName, Supplier<T> task) {
        return new Pending<>(start(threadName, task));
    }

    /**
     * A resource being made on a helper thread: whoever {@link #take takes} it closes it; when nobody took it (the
     * work that needed it failed first), {@link #closeUnlessTaken} closes it once it is there.
     */
    public static final class Pending<T extends AutoCloseable> {
        private final CompletableFuture<T> result;
        private volatile boolean taken;

        private Pending(CompletableFuture<T> result) {
            this.result = result;
        }

        /** Waits for the resource and hands it over; rethrows the failure of the work that made it. */
        public T take() {
            taken = true;
            return join(result);
        }

        /** Closes the resource once it is there, unless it was taken or could not be made; does not wait. */
        public void closeUnlessTaken() {
            if (taken) {
                return;
            }
            result.thenAccept(r -> {
                try {
                    r.close();
                } catch (Exception e) {
                    // nothing used it, and the failure that stopped the run is what the user needs to see
                }
            });
        }
    }
}
