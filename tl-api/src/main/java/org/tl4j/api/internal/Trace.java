package org.tl4j.api.internal;

import org.apiguardian.api.API;

/**
 * Time stamps of a command's stages, printed to standard error when the environment variable {@code TL4J_TRACE} is
 * set: where the wall time of a {@code tl} command goes. When its value is the launch time in nanoseconds since the
 * epoch ({@code TL4J_TRACE=$(date +%s%N) ./tl train ...}), the stamps count from then, JVM start included; otherwise
 * from when tracing began. A long-lived process (the {@code tl} daemon) sets it per command with {@link #begin}.
 */
@API(status = API.Status.INTERNAL, since = "0.1")
public final class Trace {
    private static volatile boolean on;
    private static volatile long startMillis;

    static {
        begin(System.getenv("TL4J_TRACE"));
    }

    private Trace() {
    }

    /** Starts tracing with a {@code TL4J_TRACE} value, or stops it when {@code setting} is null. */
    public static void begin(String setting) {
        startMillis = start(setting);
        on = setting != null;
    }

    /** Prints {@code what} with the milliseconds since the start and the current thread's name. */
    public static void mark(String what) {
        if (on) {
            long ms = System.currentTimeMillis() - startMillis;
            System.err.printf("[trace] %6d ms  %-22s %s%n", ms, Thread.currentThread().getName(), what);
        }
    }

    private static long start(String setting) {
        try {
            return setting == null ? 0 : Long.parseLong(setting.trim()) / 1_000_000;
        } catch (NumberFormatException e) {
            return System.currentTimeMillis();
        }
    }
}
