package org.tl4j.core.run;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import org.tl4j.core.data.BadImage;
import org.tl4j.core.train.EpochMetrics;
import org.tl4j.core.train.Evaluation;

/**
 * A self-contained {@code report.html}: a summary table, loss and accuracy curves and the confusion matrix as inline
 * SVG, per-class metrics, warnings and bad images. No scripts, no external resources; every piece of text from data
 * (labels, file names, messages) is HTML-escaped.
 */
public final class HtmlReport {
    private static final int W = 420;
    private static final int H = 240;
    private static final int PAD = 36;

    private HtmlReport() {
    }

    /**
     * Renders the report.
     *
     * @param title      the heading
     * @param summary    key/value rows, in order
     * @param history    the epochs
     * @param evaluation the final validation metrics, or null
     * @param labels     class names
     * @param badImages  the images left out
     * @param warnings   other notices
     */
    public static String render(String title, Map<String, String> summary, List<EpochMetrics> history,
            Evaluation evaluation, List<String> labels, List<BadImage> badImages, List<String> warnings) {
        StringBuilder h = new StringBuilder(16_384);
        h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>").append(esc(title))
                .append("</title>\n<style>body{font-family:system-ui,sans-serif;margin:2em;color:#222}"
                        + "table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccc;padding:3px 8px;"
                        + "text-align:left}th{background:#f3f3f3}svg{margin:0 1em 1em 0;border:1px solid #ddd}"
                        + ".num{text-align:right}</style></head><body>\n");
        h.append("<h1>").append(esc(title)).append("</h1>\n<table>");
        summary.forEach((k, v) -> h.append("<tr><th>").append(esc(k)).append("</th><td>").append(esc(v))
                .append("</td></tr>"));
        h.append("</table>\n<h2>Training curves</h2>\n");
        h.append(chart("loss", history, EpochMetrics::loss, EpochMetrics::valLoss));
        h.append(chart("accuracy", history, EpochMetrics::accuracy, EpochMetrics::valAccuracy));
        if (evaluation != null && evaluation.examples() > 0) {
            h.append("<h2>Validation</h2>\n<p>").append(String.format(Locale.ROOT,
                    "%d images: accuracy %.4f, top-%d accuracy %.4f, loss %.4f, macro F1 %.4f",
                    evaluation.examples(), evaluation.accuracy(), evaluation.topK(), evaluation.topKAccuracy(),
                    evaluation.loss(), evaluation.macroF1())).append("</p>\n");
            h.append(confusion(evaluation.confusion(), labels));
            h.append(perClass(evaluation, labels));
        }
        if (!warnings.isEmpty()) {
            h.append("<h2>Warnings</h2>\n<ul>");
            warnings.forEach(w -> h.append("<li>").append(esc(w)).append("</li>"));
            h.append("</ul>\n");
        }
        h.append("<h2>Bad images (").append(badImages.size()).append(")</h2>\n");
        if (badImages.isEmpty()) {
            h.append("<p>None.</p>\n");
        } else {
            h.append("<table><tr><th>file</th><th>reason</th></tr>");
            badImages.forEach(b -> h.append("<tr><td>").append(esc(b.path().toString())).append("</td><td>")
                    .append(esc(b.reason())).append("</td></tr>"));
            h.append("</table>\n");
        }
        return h.append("</body></html>\n").toString();
    }

    /** Escapes text for HTML content and attribute values. */
    public static String esc(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    private static String chart(String name, List<EpochMetrics> history, ToDoubleFunction<EpochMetrics> train,
            ToDoubleFunction<EpochMetrics> val) {
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (EpochMetrics e : history) {
            for (double v : new double[] {train.applyAsDouble(e), val.applyAsDouble(e)}) {
                if (Double.isFinite(v)) {
                    lo = Math.min(lo, v);
                    hi = Math.max(hi, v);
                }
            }
        }
        StringBuilder s = new StringBuilder();
        s.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(W).append("\" height=\"").append(H)
                .append("\" role=\"img\" aria-label=\"").append(name).append("\">");
        s.append("<text x=\"").append(W / 2).append("\" y=\"16\" text-anchor=\"middle\">").append(name)
                .append("</text>");
        if (history.isEmpty() || lo > hi) {
            return s.append("<text x=\"20\" y=\"").append(H / 2).append("\">no data</text></svg>\n").toString();
        }
        if (hi - lo < 1e-9) {
            hi = lo + 1;
        }
        s.append(axis(lo, hi, history.size()));
        s.append(line(history, train, lo, hi, "#1f77b4", "training"));
        s.append(line(history, val, lo, hi, "#d62728", "validation"));
        s.append("<text x=\"").append(W - PAD).append("\" y=\"32\" text-anchor=\"end\" fill=\"#1f77b4\">training"
                + "</text><text x=\"").append(W - PAD).append("\" y=\"48\" text-anchor=\"end\" fill=\"#d62728\">"
                + "validation</text>");
        return s.append("</svg>\n").toString();
    }

    private static String axis(double lo, double hi, int epochs) {
        return String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#888\"/>"
                + "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#888\"/>"
                + "<text x=\"%d\" y=\"%d\" text-anchor=\"end\" font-size=\"10\">%.3g</text>"
                + "<text x=\"%d\" y=\"%d\" text-anchor=\"end\" font-size=\"10\">%.3g</text>"
                + "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\" font-size=\"10\">epoch 1 … %d</text>",
                PAD, H - PAD, W - PAD, H - PAD, PAD, PAD, PAD, H - PAD, PAD - 4, H - PAD, lo, PAD - 4, PAD + 4, hi,
                W / 2, H - 10, epochs);
    }

    private static String line(List<EpochMetrics> history, ToDoubleFunction<EpochMetrics> f, double lo, double hi,
            String colour, String label) {
        StringBuilder pts = new StringBuilder();
        int n = history.size();
        for (int i = 0; i < n; i++) {
            double v = f.applyAsDouble(history.get(i));
            if (!Double.isFinite(v)) {
                continue;
            }
            double x = PAD + (n == 1 ? 0.5 : (double) i / (n - 1)) * (W - 2 * PAD);
            double y = H - PAD - (v - lo) / (hi - lo) * (H - 2 * PAD);
            pts.append(String.format(Locale.ROOT, "%.1f,%.1f ", x, y));
        }
        if (pts.isEmpty()) {
            return "";
        }
        return "<polyline fill=\"none\" stroke=\"" + colour + "\" stroke-width=\"2\" points=\"" + pts.toString().trim()
                + "\"><title>" + label + "</title></polyline>";
    }

    private static String confusion(int[][] m, List<String> labels) {
        int k = m.length;
        int cell = Math.max(14, Math.min(48, 480 / Math.max(1, k)));
        int left = 140;
        int top = 140;
        int max = 1;
        for (int[] row : m) {
            for (int v : row) {
                max = Math.max(max, v);
            }
        }
        StringBuilder s = new StringBuilder("<h3>Confusion matrix (rows: true class, columns: predicted)</h3>\n");
        s.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(left + k * cell + 10)
                .append("\" height=\"").append(top + k * cell + 10).append("\" role=\"img\" aria-label=\"confusion"
                        + " matrix\">");
        for (int i = 0; i < k; i++) {
            String label = esc(labels.get(i));
            s.append("<text x=\"").append(left - 4).append("\" y=\"").append(top + i * cell + cell / 2 + 4)
                    .append("\" text-anchor=\"end\" font-size=\"11\">").append(label).append("</text>");
            int x = left + i * cell + cell / 2;
            s.append("<text transform=\"translate(").append(x + 4).append(',').append(top - 4)
                    .append(") rotate(-60)\" font-size=\"11\">").append(label).append("</text>");
            for (int j = 0; j < k; j++) {
                double a = (double) m[i][j] / max;
                s.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"rgb("
                        + "%d,%d,%d)\" stroke=\"#fff\"><title>%s → %s: %d</title></rect>", left + j * cell,
                        top + i * cell, cell, cell, (int) (255 - 200 * a), (int) (255 - 140 * a), 255, label,
                        esc(labels.get(j)), m[i][j]));
                if (cell >= 20) {
                    s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\" "
                            + "font-size=\"10\">%d</text>", left + j * cell + cell / 2, top + i * cell + cell / 2 + 4,
                            m[i][j]));
                }
            }
        }
        return s.append("</svg>\n").toString();
    }

    private static String perClass(Evaluation e, List<String> labels) {
        StringBuilder s = new StringBuilder("<table><tr><th>class</th><th>precision</th><th>recall</th><th>F1</th>"
                + "<th>support</th></tr>");
        for (int i = 0; i < e.perClass().size(); i++) {
            Evaluation.ClassMetrics c = e.perClass().get(i);
            s.append(String.format(Locale.ROOT, "<tr><td>%s</td><td class=\"num\">%.4f</td><td class=\"num\">%.4f"
                    + "</td><td class=\"num\">%.4f</td><td class=\"num\">%d</td></tr>", esc(labels.get(i)),
                    c.precision(), c.recall(), c.f1(), c.support()));
        }
        return s.append("</table>\n").toString();
    }
}
