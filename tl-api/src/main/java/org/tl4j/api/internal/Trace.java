package org.tl4j.api.internal;

/**
 * Time stamps of a command's stages, printed to standard error when the environment variable {@code TL4J_TRACE} is
 * set: where the wall time of a {@code tl} command goes. When its value is the launch time in nanoseconds since the
 * epoch ({@code TL4J_TRACE=$(date +%s%N) ./tl train ...}), the stamps count from then, JVM start included; otherwise
 * from the first stamp.
 */
public final class Trace {
    private static final String SETTING = System.getenv("TL4J_TRACE");
    private static final long START_MILLIS = start();

    private Trace() {
    }

    /** Prints {@code what} with the milliseconds since the start and the current thread's name. */
    public static void mark(String what) {
        if (SETTING != null) {
            long ms = System.currentTimeMillis() - START_MILLIS;
            System.err.printf("[trace] %6d ms  %-22s %s%n", ms, Thread.currentThread().getName(), what);
        }
    }

    private static long start() {
        try {
            return SETTING == null ? 0 : Long.parseLong(SETTING.trim()) / 1_000_000;
        } catch (NumberFormatException e) {
            return System.currentTimeMillis();
        }
    }
}
