package org.tl4j.core.run;

import static org.tl4j.core.run.HtmlReport.esc;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;
import org.tl4j.core.train.EpochMetrics;
import org.tl4j.core.train.Evaluation;

/**
 * The report's charts as inline SVG, drawn by hand (no script, no library): epoch curves with ticks on both axes, axis
 * labels, a legend above the plot, the best epoch marked and the phases of a two-phase run shaded; confusion matrices
 * of counts and of shares per true class; precision and recall per class as bars. Every label from data is escaped
 * and cut to a readable length, the full text kept in a tooltip.
 */
final class ReportCharts {
    private static final int W = 480;
    private static final int H = 270;
    private static final int LEFT = 62;
    private static final int RIGHT = 16;
    private static final int TOP = 40;
    private static final int BOTTOM = 46;
    private static final int LABEL_CHARS = 22;
    private static final String[] PHASE_FILLS = {"#ffffff", "#eef3fb", "#fbf3e8", "#eef8ee"};

    /** How a confusion matrix's cells are shown. */
    enum Cells {
        /** Image counts. */
        COUNTS,
        /** Shares of each true class (rows sum to 100 %): the recall on the diagonal. */
        SHARE_OF_TRUE_CLASS
    }

    /**
     * One curve of an epoch chart.
     *
     * @param name   the legend's text
     * @param colour a CSS colour
     * @param value  the epoch's value (NaN: not drawn)
     */
    record Series(String name, String colour, ToDoubleFunction<EpochMetrics> value) {
    }

    /** Whether a chart's value axis starts at zero or fits the data. */
    enum Range {
        /** From 0 (learning rates). */
        FROM_ZERO,
        /** The data's range, in [0, 1] (accuracies). */
        UNIT,
        /** The data's range. */
        DATA
    }

    private ReportCharts() {
    }

    /** A chart of per-epoch values: ticks, axis labels, legend, the best epoch (0: none) marked, phases shaded. */
    static String epochChart(String title, String yLabel, List<EpochMetrics> history, List<Series> series,
            int bestEpoch, Range range) {
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (EpochMetrics e : history) {
            for (Series s : series) {
                double v = s.value().applyAsDouble(e);
                if (Double.isFinite(v)) {
                    lo = Math.min(lo, v);
                    hi = Math.max(hi, v);
                }
            }
        }
        StringBuilder s = svgStart(W, H, title);
        s.append(text(LEFT, 16, "start", 13, "bold", esc(title)));
        if (history.isEmpty() || lo > hi) {
            return s.append(text(W / 2, H / 2, "middle", 12, "normal", "no data")).append("</svg>\n").toString();
        }
        if (range == Range.FROM_ZERO) {
            lo = Math.min(0, lo);
        }
        double[] yTicks = ticks(lo, hi, 5);
        double y0 = yTicks[0];
        double y1 = yTicks[yTicks.length - 1];
        if (range == Range.UNIT) {
            y0 = Math.max(0, y0);
            y1 = Math.min(1, y1);
        }
        Plot plot = new Plot(history.get(0).epoch(), history.get(history.size() - 1).epoch(), y0, y1);
        phases(s, history, plot);
        yAxis(s, yTicks, plot, yLabel);
        xAxis(s, history, plot);
        if (bestEpoch > 0) {
            double x = plot.x(bestEpoch);
            s.append(String.format(Locale.ROOT, "<line class=\"best\" x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" "
                    + "stroke=\"#2ca02c\" stroke-dasharray=\"4 3\"/>", x, TOP, x, H - BOTTOM));
            boolean right = x > (LEFT + W - RIGHT) / 2.0;
            s.append(text(right ? x - 3 : x + 3, TOP + 10, right ? "end" : "start", 10, "normal", "best epoch "
                    + bestEpoch));
        }
        int legendX = W - RIGHT;
        for (int i = series.size() - 1; i >= 0; i--) {
            Series ser = series.get(i);
            s.append(polyline(history, ser, plot));
            if (bestEpoch > 0) {
                history.stream().filter(e -> e.epoch() == bestEpoch).findFirst()
                        .map(e -> ser.value().applyAsDouble(e)).filter(Double::isFinite)
                        .ifPresent(v -> s.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3.5"
                                + "\" fill=\"%s\"/>", plot.x(bestEpoch), plot.y(v), ser.colour())));
            }
            int width = 26 + 7 * ser.name().length();
            legendX -= width;
            s.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"12\" x2=\"%d\" y2=\"12\" stroke=\"%s\" "
                    + "stroke-width=\"2.5\"/>", legendX, legendX + 18, ser.colour()));
            s.append(text(legendX + 22, 16, "start", 11, "normal", esc(ser.name())));
        }
        return s.append("</svg>\n").toString();
    }

    /** "Nice" tick values (1, 2 or 5 times a power of ten apart) covering [lo, hi], about {@code count} of them. */
    static double[] ticks(double lo, double hi, int count) {
        if (hi - lo < 1e-12 * Math.max(1, Math.abs(hi))) {
            double pad = lo == 0 ? 1 : Math.abs(lo) * 0.1;
            lo -= pad;
            hi += pad;
        }
        double raw = (hi - lo) / count;
        double mag = Math.pow(10, Math.floor(Math.log10(raw)));
        double step = raw / mag < 1.5 ? mag : raw / mag < 3.5 ? 2 * mag : raw / mag < 7.5 ? 5 * mag : 10 * mag;
        long first = (long) Math.floor(lo / step + 1e-9);
        long last = (long) Math.ceil(hi / step - 1e-9);
        double[] t = new double[(int) (last - first + 1)];
        for (int i = 0; i < t.length; i++) {
            t[i] = (first + i) * step;
        }
        return t;
    }

    /** A tick label with as many decimals as the step between ticks needs (up to 8). */
    static String tickLabel(double v, double step) {
        int decimals = 0;
        while (decimals < 8 && Math.abs(step * Math.pow(10, decimals) - Math.rint(step * Math.pow(10, decimals)))
                > 1e-6) {
            decimals++;
        }
        String s = String.format(Locale.ROOT, "%." + decimals + "f", v);
        return s.matches("-0(\\.0*)?") ? s.substring(1) : s;
    }

    /**
     * A confusion matrix of the classes {@code shown} (indices into {@code labels}): rows true, columns predicted,
     * cells coloured by their share; the numbers written where cells are large enough, all of them in tooltips.
     */
    static String confusion(int[][] m, List<String> labels, int[] shown, Cells cells) {
        int k = shown.length;
        int cell = Math.max(12, Math.min(40, 520 / Math.max(1, k)));
        int margin = 12 + 6 * longest(labels, shown);
        int top = margin + 24;
        String title = cells == Cells.COUNTS ? "counts" : "share of each true class (%)";
        StringBuilder s = svgStart(Math.max(margin + k * cell + 8, margin + 7 * title.length()), top + k * cell + 8,
                "confusion matrix, " + title);
        s.append(text(margin, 14, "start", 12, "bold", title));
        int max = 1;
        for (int i : shown) {
            for (int j : shown) {
                max = Math.max(max, m[i][j]);
            }
        }
        for (int r = 0; r < k; r++) {
            int i = shown[r];
            int rowSum = 0;
            for (int v : m[i]) {
                rowSum += v;
            }
            s.append(label(margin - 4, top + r * cell + cell / 2 + 4, "end", labels.get(i), ""));
            int x = margin + r * cell + cell / 2 + 4;
            s.append(label(x, top - 4, "start", labels.get(i), " transform=\"rotate(-60 " + x + " " + (top - 4)
                    + ")\""));
            for (int c = 0; c < k; c++) {
                int j = shown[c];
                double share = rowSum == 0 ? 0 : (double) m[i][j] / rowSum;
                double a = cells == Cells.COUNTS ? (double) m[i][j] / max : share;
                String value = cells == Cells.COUNTS ? String.valueOf(m[i][j])
                        : String.format(Locale.ROOT, "%.0f", 100 * share);
                String fill = i == j ? rgb(a, 44, 160, 44) : rgb(a, 214, 39, 40);
                s.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"%s\" "
                        + "stroke=\"#fff\"><title>%s → %s: %d (%.1f %% of %s)</title></rect>", margin + c * cell,
                        top + r * cell, cell, cell, fill, esc(labels.get(i)), esc(labels.get(j)), m[i][j],
                        100 * share, esc(labels.get(i))));
                if (cell >= 22) {
                    s.append(text(margin + c * cell + cell / 2, top + r * cell + cell / 2 + 4, "middle", 10,
                            "normal", value, a > 0.6 ? "#fff" : "#222"));
                }
            }
        }
        return s.append("</svg>\n").toString();
    }

    /** Precision and recall of the classes {@code shown} as horizontal bars with a 0–1 axis. */
    static String precisionRecall(Evaluation e, List<String> labels, int[] shown) {
        int row = 18;
        int margin = 12 + 6 * longest(labels, shown);
        int bar = 320;
        int top = 34;
        int width = margin + bar + 50;
        int height = top + shown.length * row + 30;
        StringBuilder s = svgStart(width, height, "precision and recall per class");
        s.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"6\" width=\"14\" height=\"8\" fill=\"#1f77b4\"/>",
                margin));
        s.append(text(margin + 18, 14, "start", 11, "normal", "precision"));
        s.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"6\" width=\"14\" height=\"8\" fill=\"#ff7f0e\"/>",
                margin + 90));
        s.append(text(margin + 108, 14, "start", 11, "normal", "recall"));
        for (int t = 0; t <= 4; t++) {
            int x = margin + t * bar / 4;
            s.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#ddd\"/>", x,
                    top - 4, x, top + shown.length * row));
            s.append(text(x, top + shown.length * row + 14, "middle", 10, "normal", tickLabel(t / 4.0, 0.25)));
        }
        for (int r = 0; r < shown.length; r++) {
            int i = shown[r];
            Evaluation.ClassMetrics c = e.perClass().get(i);
            int y = top + r * row;
            s.append(label(margin - 4, y + 12, "end", labels.get(i), ""));
            s.append(bar(margin, y + 2, c.precision() * bar, "#1f77b4", labels.get(i), "precision", c.precision()));
            s.append(bar(margin, y + 9, c.recall() * bar, "#ff7f0e", labels.get(i), "recall", c.recall()));
        }
        s.append(text(margin + bar / 2, height - 2, "middle", 11, "normal", "precision, recall"));
        return s.append("</svg>\n").toString();
    }

    private static String bar(int x, int y, double length, String colour, String label, String what, double v) {
        return String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%.1f\" height=\"7\" fill=\"%s\"><title>"
                + "%s %s %.4f</title></rect>", x, y, length, colour, esc(label), what, v);
    }

    /** The plot area's mapping from (epoch, value) to pixels. */
    private record Plot(int firstEpoch, int lastEpoch, double lo, double hi) {
        double x(double epoch) {
            double span = Math.max(1, lastEpoch - firstEpoch);
            double f = lastEpoch == firstEpoch ? 0.5 : (epoch - firstEpoch) / span;
            return LEFT + f * (W - LEFT - RIGHT);
        }

        double y(double v) {
            return H - BOTTOM - (v - lo) / (hi - lo) * (H - TOP - BOTTOM);
        }
    }

    private static void phases(StringBuilder s, List<EpochMetrics> history, Plot plot) {
        List<int[]> runs = new ArrayList<>();
        for (int i = 0; i < history.size(); i++) {
            if (i == 0 || !history.get(i).phase().equals(history.get(i - 1).phase())) {
                runs.add(new int[] {i, i});
            }
            runs.get(runs.size() - 1)[1] = i;
        }
        if (runs.size() < 2) {
            return;
        }
        for (int r = 0; r < runs.size(); r++) {
            int[] run = runs.get(r);
            double x0 = Math.max(LEFT, plot.x(history.get(run[0]).epoch() - 0.5));
            double x1 = Math.min(W - RIGHT, plot.x(history.get(run[1]).epoch() + 0.5));
            s.append(String.format(Locale.ROOT, "<rect class=\"phase\" x=\"%.1f\" y=\"%d\" width=\"%.1f\" "
                    + "height=\"%d\" fill=\"%s\"/>", x0, TOP, x1 - x0, H - TOP - BOTTOM,
                    PHASE_FILLS[r % PHASE_FILLS.length]));
            s.append(text(x0 + 3, H - BOTTOM - 4, "start", 10, "normal", esc(history.get(run[0]).phase()), "#777"));
        }
    }

    private static void yAxis(StringBuilder s, double[] ticks, Plot plot, String yLabel) {
        double step = ticks.length > 1 ? ticks[1] - ticks[0] : 1;
        for (double t : ticks) {
            if (t < plot.lo() - 1e-12 || t > plot.hi() + 1e-12) {
                continue;
            }
            double y = plot.y(t);
            s.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#e4e4e4\"/>",
                    LEFT, y, W - RIGHT, y));
            s.append(text(LEFT - 5, y + 3.5, "end", 10, "normal", tickLabel(t, step)));
        }
        s.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#666\"/>", LEFT,
                TOP, LEFT, H - BOTTOM));
        int cy = (TOP + H - BOTTOM) / 2;
        s.append(text(14, cy, "middle", 11, "normal", esc(yLabel)).replace("<text ", "<text transform=\"rotate(-90 14 "
                + cy + ")\" "));
    }

    private static void xAxis(StringBuilder s, List<EpochMetrics> history, Plot plot) {
        int first = plot.firstEpoch();
        int last = plot.lastEpoch();
        double[] t = ticks(first, Math.max(first + 1, last), Math.min(10, Math.max(1, last - first)));
        long step = Math.max(1, Math.round(t.length > 1 ? t[1] - t[0] : 1));
        s.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#666\"/>", LEFT,
                H - BOTTOM, W - RIGHT, H - BOTTOM));
        for (long e = (first + step - 1) / step * step; e <= last; e += step) {
            double x = plot.x(e);
            s.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#666\"/>",
                    x, H - BOTTOM, x, H - BOTTOM + 4));
            s.append(text(x, H - BOTTOM + 15, "middle", 10, "normal", String.valueOf(e)));
        }
        s.append(text((LEFT + W - RIGHT) / 2.0, H - 8, "middle", 11, "normal", "epoch"));
    }

    private static String polyline(List<EpochMetrics> history, Series series, Plot plot) {
        StringBuilder pts = new StringBuilder();
        for (EpochMetrics e : history) {
            double v = series.value().applyAsDouble(e);
            if (Double.isFinite(v)) {
                pts.append(String.format(Locale.ROOT, "%.1f,%.1f ", plot.x(e.epoch()), plot.y(v)));
            }
        }
        if (pts.isEmpty()) {
            return "";
        }
        return "<polyline fill=\"none\" stroke=\"" + series.colour() + "\" stroke-width=\"2\" points=\""
                + pts.toString().trim() + "\"><title>" + esc(series.name()) + "</title></polyline>";
    }

    private static StringBuilder svgStart(int width, int height, String label) {
        return new StringBuilder(4096).append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(width)
                .append("\" height=\"").append(height).append("\" viewBox=\"0 0 ").append(width).append(' ')
                .append(height).append("\" role=\"img\" aria-label=\"").append(esc(label)).append("\">");
    }

    private static String text(double x, double y, String anchor, int size, String weight, String escaped) {
        return text(x, y, anchor, size, weight, escaped, "#222");
    }

    private static String text(double x, double y, String anchor, int size, String weight, String escaped,
            String colour) {
        return String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\" font-size=\"%d\" "
                + "font-weight=\"%s\" fill=\"%s\">%s</text>", x, y, anchor, size, weight, colour, escaped);
    }

    /** A class name cut to {@link #LABEL_CHARS} characters, the full name in a tooltip. */
    private static String label(int x, int y, String anchor, String name, String extra) {
        String shown = name.length() > LABEL_CHARS ? name.substring(0, LABEL_CHARS - 1) + "…" : name;
        return String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"%s\" font-size=\"11\"%s>%s<title>%s"
                + "</title></text>", x, y, anchor, extra, esc(shown), esc(name));
    }

    private static int longest(List<String> labels, int[] shown) {
        int n = 4;
        for (int i : shown) {
            n = Math.max(n, Math.min(LABEL_CHARS, labels.get(i).length()));
        }
        return n;
    }

    /** White blended towards the colour by {@code a} in [0, 1]. */
    private static String rgb(double a, int r, int g, int b) {
        double f = Math.max(0, Math.min(1, a));
        return String.format(Locale.ROOT, "rgb(%d,%d,%d)", (int) (255 - (255 - r) * f), (int) (255 - (255 - g) * f),
                (int) (255 - (255 - b) * f));
    }
}
