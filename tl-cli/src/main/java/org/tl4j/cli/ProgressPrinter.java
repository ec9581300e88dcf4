package org.tl4j.cli;

import java.io.PrintWriter;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.tl4j.core.run.JsonText;
import org.tl4j.core.train.Checkpoints;
import org.tl4j.core.train.EpochMetrics;
import org.tl4j.core.train.Progress;
import org.tl4j.core.train.TrainingListener;
import org.tl4j.core.weights.DownloadListener;

/**
 * The command line's one progress renderer, on stderr, for every long task (training, features, predictions,
 * downloads): a bar with units/s and ETA per task, redrawn in place on a terminal; one line per finished task where
 * stderr is a file or a pipe (its last count when it ends short of its total); one line per epoch and notice; or, with {@code --json-log}, one JSON object per event;
 * or, with {@code --quiet}, nothing. Each task's clock starts at its first event.
 */
final class ProgressPrinter implements TrainingListener {
    /** How progress is shown. */
    enum Mode {
        /** Bars redrawn in place with a carriage return (an interactive terminal). */
        BARS,
        /** No redrawing: a task's line once it finishes (stderr redirected to a file or a pipe). */
        LINES,
        /** One JSON object per event. */
        JSON,
        /** Nothing but warnings. */
        QUIET
    }

    private static final long REDRAW_NANOS = 200_000_000L;
    private static final int WIDTH = 28;
    /** Rates are shown once a task has run this long, so that the first step does not claim a billion per second. */
    private static final double MIN_SECONDS = 0.05;
    /** The unit of {@link #downloads()}' tasks, shown in MB. */
    private static final String BYTES = "bytes";

    private final PrintWriter err;
    private final Mode mode;
    private final Map<String, Long> started = new HashMap<>();
    /** LINES: each task's latest progress not printed yet (a task whose bad images never count ends short). */
    private final Map<String, Progress> unprinted = new HashMap<>();
    private long lastDraw;
    private boolean open;

    ProgressPrinter(PrintWriter err, Mode mode) {
        this.err = err;
        this.mode = mode;
    }

    /** The mode for the flags; bars are redrawn only where stderr is a terminal. */
    static Mode mode(boolean quiet, boolean jsonLog) {
        return jsonLog ? Mode.JSON : quiet ? Mode.QUIET : Terminal.stderr() ? Mode.BARS : Mode.LINES;
    }

    @Override
    public void phaseStarted(String phase, int epochs) {
        if (mode == Mode.JSON) {
            json(Map.of("event", "phase", "phase", phase, "epochs", epochs));
        } else if (shows()) {
            line(phase + ": " + epochs + " epoch(s)");
        }
    }

    @Override
    public void progress(Progress p) {
        long now = System.nanoTime();
        long t0 = started.computeIfAbsent(p.task(), k -> now);
        boolean finished = p.total() > 0 && p.done() >= p.total();
        if (mode == Mode.LINES && finished) {
            unprinted.remove(p.task());
            line(render(p, now - t0, true));
        } else if (mode == Mode.LINES) {
            unprinted.put(p.task(), p);
        } else if (mode == Mode.BARS && (finished || now - lastDraw >= REDRAW_NANOS)) {
            lastDraw = now;
            err.print("\r" + render(p, now - t0, finished) + "   ");
            err.flush();
            open = true;
        }
    }

    @Override
    public void taskDone(String task) {
        Long t0 = started.remove(task);
        Progress last = unprinted.remove(task);
        if (last != null && t0 != null) {
            line(render(last, System.nanoTime() - t0, true));
        }
        if (mode == Mode.BARS && open) {
            err.println();
            open = false;
        }
    }

    @Override
    public void epochDone(EpochMetrics m) {
        if (mode == Mode.JSON) {
            Map<String, Object> event = new java.util.LinkedHashMap<>(Checkpoints.metrics(m));
            event.put("event", "epoch");
            json(event);
        } else if (shows()) {
            line(String.format(Locale.ROOT, "epoch %d (%s)  lr %.3g  loss %s  accuracy %s  val_loss %s"
                    + "  val_accuracy %s  %.1fs", m.epoch(), m.phase(), m.learningRate(), fmt(m.loss()),
                    fmt(m.accuracy()), fmt(m.valLoss()), fmt(m.valAccuracy()), m.seconds()));
        }
    }

    @Override
    public void info(String message) {
        if (mode == Mode.JSON) {
            json(Map.of("event", "info", "message", message));
        } else if (shows()) {
            line(message);
        }
    }

    /** A warning, shown in every mode but quiet. */
    void warn(String message) {
        if (mode == Mode.JSON) {
            json(Map.of("event", "warning", "message", message));
        } else {
            line("warning: " + message);
        }
    }

    /** Weight downloads drawn as tasks of this printer (in MB), with the URL as a notice. */
    DownloadListener downloads() {
        return new DownloadListener() {
            private String task = "download";
            private long last;

            @Override
            public void started(String fileName, String url, long totalBytes) {
                task = fileName;
                info("downloading " + url);
                progress(0, totalBytes);
            }

            @Override
            public void progress(long bytes, long totalBytes) {
                last = bytes;
                ProgressPrinter.this.progress(new Progress(task, bytes, Math.max(0, totalBytes), BYTES));
            }

            @Override
            public void finished(long bytes) {
                ProgressPrinter.this.progress(new Progress(task, bytes, bytes, BYTES));
                taskDone(task);
            }

            @Override
            public void failed(String reason) {
                taskDone(task);
            }
        };
    }

    /** {@code task [#####-----] done/total unit  rate unit/s  ETA m:ss}, or the elapsed time once finished. */
    static String render(Progress p, long nanos, boolean finished) {
        double secs = Math.max(1e-9, nanos / 1e9);
        boolean bytes = BYTES.equals(p.unit());
        String unit = bytes ? "MB" : p.unit();
        StringBuilder s = new StringBuilder(p.task()).append(' ');
        if (p.total() > 0) {
            int filled = (int) (WIDTH * Math.min(1.0, (double) p.done() / p.total()));
            s.append('[').append("#".repeat(filled)).append("-".repeat(WIDTH - filled)).append("] ");
            s.append(amount(p.done(), bytes)).append('/').append(amount(p.total(), bytes));
        } else {
            s.append(amount(p.done(), bytes));
        }
        s.append(' ').append(unit);
        boolean measured = secs >= MIN_SECONDS && p.done() > 0;
        double rate = p.done() / secs / (bytes ? 1e6 : 1);
        if (measured) {
            s.append(String.format(Locale.ROOT, "  %.1f %s/s", rate, unit));
        }
        if (p.total() > 0 && measured && !finished) {
            s.append("  ETA ").append(clock((p.total() - p.done()) / (p.done() / secs)));
        } else if (finished) {
            s.append("  ").append(clock(secs));
        }
        return s.toString();
    }

    private boolean shows() {
        return mode == Mode.BARS || mode == Mode.LINES;
    }

    private void line(String text) {
        if (open) {
            err.println();
            open = false;
        }
        err.println(text);
        err.flush();
    }

    private void json(Map<String, ?> event) {
        err.println(JsonText.line(event));
        err.flush();
    }

    private static String amount(long n, boolean bytes) {
        return bytes ? String.format(Locale.ROOT, "%.1f", n / 1e6) : Long.toString(n);
    }

    private static String fmt(double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%.4f", v) : "-";
    }

    static String clock(double seconds) {
        long s = Math.round(seconds);
        return s >= 3600 ? String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
                : String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
    }
}
