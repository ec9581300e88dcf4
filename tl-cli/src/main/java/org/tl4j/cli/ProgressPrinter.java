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

/**
 * Draws progress on stderr: a bar with units/s and ETA per task, one line per epoch and notices; when stderr is not a
 * terminal, the same as plain lines (no carriage returns): a task's progress at most every 5 s
 * ({@link Terminal#LINE_NANOS}) and its final line (one per epoch); or, with {@code --json-log}, one JSON object per
 * event; or, with {@code --quiet}, nothing.
 */
final class ProgressPrinter implements TrainingListener {
    /** How progress is shown. */
    enum Mode {
        BARS, LINES, JSON, QUIET
    }

    private static final long REDRAW_NANOS = 200_000_000L;
    private static final int WIDTH = 28;
    /** Rates are shown once a task has run this long, so that the first step does not claim a billion per second. */
    private static final double MIN_SECONDS = 0.05;

    private final PrintWriter err;
    private final Mode mode;
    private final Map<String, Long> started = new HashMap<>();
    /** LINES: when each task last printed a line, and its latest progress not printed yet. */
    private final Map<String, Long> lastLine = new HashMap<>();
    private final Map<String, Progress> unprinted = new HashMap<>();
    private long lastDraw;
    private boolean open;

    ProgressPrinter(PrintWriter err, Mode mode) {
        this.err = err;
        this.mode = mode;
    }

    static Mode mode(boolean quiet, boolean jsonLog) {
        return jsonLog ? Mode.JSON : quiet ? Mode.QUIET : Terminal.stderr() ? Mode.BARS : Mode.LINES;
    }

    @Override
    public void phaseStarted(String phase, int epochs) {
        if (mode == Mode.JSON) {
            json(Map.of("event", "phase", "phase", phase, "epochs", epochs));
        } else if (mode == Mode.BARS || mode == Mode.LINES) {
            line(phase + ": " + epochs + " epoch(s)");
        }
    }

    @Override
    public void progress(Progress p) {
        long now = System.nanoTime();
        long t0 = started.computeIfAbsent(p.task(), k -> now);
        boolean finished = p.total() > 0 && p.done() >= p.total();
        if (mode == Mode.LINES) {
            lines(p, now, t0, finished);
            return;
        }
        if (mode != Mode.BARS || (!finished && now - lastDraw < REDRAW_NANOS)) {
            return;
        }
        lastDraw = now;
        err.print("\r" + text(p, now, t0, finished) + "   ");
        err.flush();
        open = true;
    }

    /** Not a terminal: a plain line {@link Terminal#LINE_NANOS} after the task's last one; the final one at its end. */
    private void lines(Progress p, long now, long t0, boolean finished) {
        long last = lastLine.getOrDefault(p.task(), t0);
        if (now - last < Terminal.LINE_NANOS) {
            unprinted.put(p.task(), p);
            return;
        }
        unprinted.remove(p.task());
        lastLine.put(p.task(), now);
        err.println(text(p, now, t0, finished));
        err.flush();
    }

    private static String text(Progress p, long now, long t0, boolean finished) {
        double secs = Math.max(1e-9, (now - t0) / 1e9);
        double rate = p.done() / secs;
        StringBuilder s = new StringBuilder(p.task()).append(' ');
        if (p.total() > 0) {
            int filled = (int) (WIDTH * Math.min(1.0, (double) p.done() / p.total()));
            s.append('[').append("#".repeat(filled)).append("-".repeat(WIDTH - filled)).append("] ");
            s.append(p.done()).append('/').append(p.total());
        } else {
            s.append(p.done());
        }
        s.append(' ').append(p.unit());
        boolean measured = secs >= MIN_SECONDS && p.done() > 0;
        if (measured) {
            s.append(String.format(Locale.ROOT, "  %.1f %s/s", rate, p.unit()));
        }
        if (p.total() > 0 && measured && !finished) {
            s.append("  ETA ").append(clock((p.total() - p.done()) / rate));
        } else if (finished) {
            s.append("  ").append(clock(secs));
        }
        return s.toString();
    }

    @Override
    public void taskDone(String task) {
        Long t0 = started.remove(task);
        lastLine.remove(task);
        Progress last = unprinted.remove(task);
        if (mode == Mode.LINES && last != null && t0 != null) {
            line(text(last, System.nanoTime(), t0, last.total() > 0 && last.done() >= last.total()));
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
        } else if (mode == Mode.BARS || mode == Mode.LINES) {
            line(String.format(Locale.ROOT, "epoch %d (%s)  lr %.3g  loss %s  accuracy %s  val_loss %s"
                    + "  val_accuracy %s  %.1fs", m.epoch(), m.phase(), m.learningRate(), fmt(m.loss()),
                    fmt(m.accuracy()), fmt(m.valLoss()), fmt(m.valAccuracy()), m.seconds()));
        }
    }

    @Override
    public void info(String message) {
        if (mode == Mode.JSON) {
            json(Map.of("event", "info", "message", message));
        } else if (mode == Mode.BARS || mode == Mode.LINES) {
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

    private static String fmt(double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%.4f", v) : "-";
    }

    private static String clock(double seconds) {
        long s = Math.round(seconds);
        return s >= 3600 ? String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
                : String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
    }
}
