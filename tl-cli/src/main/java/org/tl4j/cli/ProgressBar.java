package org.tl4j.cli;

import java.io.PrintWriter;
import java.util.Locale;

/**
 * A one-line progress bar on stderr: {@code label [#####.....] 45% 1.2/2.7 MB 3.4 MB/s ETA 0:01}. Redrawn in place
 * with a carriage return at most ten times a second; when stderr is not a terminal, a plain line at most every 5 s
 * ({@link Terminal#LINE_NANOS}) and at the end; silent when quiet. Units are free text ("img", "MB").
 */
final class ProgressBar {
    private static final int WIDTH = 28;
    private final PrintWriter err;
    private final String label;
    private final String unit;
    private final double scale;
    private final boolean quiet;
    private final boolean terminal = Terminal.stderr();
    private final long start = System.nanoTime();
    private long lastDraw = start;
    private long total;

    /**
     * @param scale divides raw counts for display (e.g. 1e6 for bytes shown as MB)
     */
    ProgressBar(PrintWriter err, String label, long total, String unit, double scale, boolean quiet) {
        this.err = err;
        this.label = label;
        this.total = total;
        this.unit = unit;
        this.scale = scale;
        this.quiet = quiet;
    }

    void total(long newTotal) {
        this.total = newTotal;
    }

    /** Reports progress; redraws when enough time passed or when done. */
    void update(long done) {
        if (quiet) {
            return;
        }
        long now = System.nanoTime();
        if (terminal && now - lastDraw < 100_000_000L && (total <= 0 || done < total)) {
            return;
        }
        if (!terminal) {
            if (now - lastDraw >= Terminal.LINE_NANOS) {
                lastDraw = now;
                err.println(line(done, (now - start) / 1e9));
                err.flush();
            }
            return;
        }
        lastDraw = now;
        err.print("\r" + line(done, (now - start) / 1e9));
        err.flush();
    }

    /** Finishes the line. */
    void done(long done) {
        if (quiet) {
            return;
        }
        err.println((terminal ? "\r" : "") + line(done, (System.nanoTime() - start) / 1e9));
        err.flush();
    }

    String line(long done, double seconds) {
        double rate = seconds > 0 ? done / scale / seconds : 0;
        StringBuilder sb = new StringBuilder(label).append(' ');
        if (total > 0) {
            double f = Math.min(1.0, done / (double) total);
            int filled = (int) Math.round(f * WIDTH);
            sb.append('[').append("#".repeat(filled)).append(".".repeat(WIDTH - filled)).append("] ")
                    .append(String.format(Locale.ROOT, "%3d%% %s/%s %s", Math.round(f * 100), num(done / scale),
                            num(total / scale), unit));
            if (rate > 0 && done < total) {
                sb.append(" ETA ").append(clock((total - done) / scale / rate));
            }
        } else {
            sb.append(num(done / scale)).append(' ').append(unit);
        }
        sb.append(String.format(Locale.ROOT, " %s %s/s", num(rate), unit));
        return sb.toString();
    }

    private static String num(double v) {
        return v >= 100 || v == Math.rint(v) ? String.format(Locale.ROOT, "%.0f", v)
                : String.format(Locale.ROOT, "%.1f", v);
    }

    static String clock(double seconds) {
        long s = Math.round(seconds);
        return s >= 3600 ? String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
                : String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
    }
}
