package org.tl4j.core.run;

import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;
import org.tl4j.core.data.BadImage;
import org.tl4j.core.data.ImageDecoder;
import org.tl4j.core.train.EpochMetrics;
import org.tl4j.core.train.Evaluation;
import org.tl4j.core.train.Predictions;

/**
 * A self-contained {@code report.html}, in sections with fixed ids (the ones {@link #SECTIONS} lists, checked by
 * {@code scripts/report-screenshot.sh} in a browser): the summary; training curves (loss, accuracy, learning rate:
 * ticks, best epoch, phases); validation metrics with the baseline lift when there is one; what the model gets
 * wrong — the top-loss validation images and the most confused class pairs, as thumbnails; confusion matrices of
 * counts and of shares (the classes most involved in confusions when there are many); precision and recall per
 * class; where the run came from (versions, optimizer, data and its listing hashes, the resolved config); warnings
 * and bad images.
 *
 * <p>One file, no scripts, no external resources: charts are inline SVG, thumbnails {@code data:} URIs, and a
 * Content-Security-Policy forbids everything else, so that a script that got in would not run and would show in the
 * browser's console. Every piece of text from data (labels, file names, messages, the config) is HTML-escaped.
 */
public final class HtmlReport {
    /** The ids of the report's sections, in order. */
    public static final List<String> SECTIONS = List.of("summary", "curves", "validation", "top-losses",
            "most-confused", "confusion", "per-class", "provenance", "warnings", "bad-images");

    /** How many top-loss images a report shows unless told otherwise. */
    public static final int DEFAULT_TOP_LOSSES = 24;
    /** Confused class pairs shown with examples. */
    static final int PAIRS = 6;
    /** Examples per confused pair. */
    static final int PER_PAIR = 8;
    /** Up to this many classes the confusion matrices are whole. */
    static final int FULL_MATRIX = 25;
    /** Classes in the matrices beyond {@link #FULL_MATRIX}: those most involved in confusions. */
    static final int MATRIX_CLASSES = 20;
    /** Up to this many classes the precision/recall chart shows all. */
    static final int FULL_BARS = 40;
    /** Classes in the precision/recall chart beyond {@link #FULL_BARS}: those of lowest F1. */
    static final int BAR_CLASSES = 30;

    private static final int MIN_DISPLAY = 64;
    private static final String STYLE = "body{font-family:system-ui,sans-serif;margin:1.5em 2em;color:#222;"
            + "max-width:1200px}table{border-collapse:collapse;margin:.6em 0}td,th{border:1px solid #ccc;"
            + "padding:3px 8px;text-align:left;vertical-align:top}th{background:#f3f3f3;font-weight:600}"
            + "svg{margin:0 1em 1em 0;background:#fff}.charts{display:flex;flex-wrap:wrap;align-items:flex-start}"
            + ".num{text-align:right}.grid{display:flex;flex-wrap:wrap;gap:6px}figure{margin:0;padding:4px;"
            + "border:1px solid #ddd;border-radius:4px;font-size:11px;width:min-content;min-width:96px}"
            + "figure img{display:block;image-rendering:pixelated;margin:0 auto 3px}figcaption{line-height:1.35;"
            + "overflow-wrap:anywhere}.wrong{color:#b00}.missing{width:64px;height:64px;background:#eee;"
            + "display:flex;align-items:center;justify-content:center;color:#888}nav a{margin-right:1em}"
            + "pre{background:#f7f7f7;padding:1em;overflow:auto;font-size:12px}.note{color:#555}"
            + "h3{font-size:1em;margin:1em 0 .3em}.lift{font-weight:600}";

    private final Builder b;
    private final Map<Path, Optional<Thumbnails.Thumbnail>> thumbnails = new HashMap<>();

    private HtmlReport(Builder b) {
        this.b = b;
    }

    public static Builder builder() {
        return new Builder();
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

    private String render() {
        StringBuilder h = new StringBuilder(65_536);
        h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n<meta http-equiv=\""
                + "Content-Security-Policy\" content=\"default-src 'none'; img-src data:; style-src 'unsafe-inline'\">"
                + "\n<title>").append(esc(b.title)).append("</title>\n<style>").append(STYLE)
                .append("</style></head><body>\n");
        summary(h);
        curves(h);
        Evaluation e = b.evaluation;
        boolean validated = e != null && e.examples() > 0;
        validation(h, validated);
        topLosses(h, validated);
        mostConfused(h, validated);
        confusion(h, validated);
        perClass(h, validated);
        provenance(h);
        warnings(h);
        badImages(h);
        return h.append("</body></html>\n").toString();
    }

    private void summary(StringBuilder h) {
        h.append("<header id=\"summary\"><h1>").append(esc(b.title)).append("</h1>\n<nav>");
        SECTIONS.stream().skip(1).forEach(s -> h.append("<a href=\"#").append(s).append("\">").append(s.replace('-',
                ' ')).append("</a>"));
        h.append("</nav>\n<table>");
        b.summary.forEach((k, v) -> h.append("<tr><th>").append(esc(k)).append("</th><td>").append(esc(v))
                .append("</td></tr>"));
        h.append("</table></header>\n");
    }

    private void curves(StringBuilder h) {
        h.append("<section id=\"curves\"><h2>Training curves</h2>\n<div class=\"charts\">");
        h.append(ReportCharts.epochChart("loss", "loss (cross-entropy)", b.history, List.of(
                new ReportCharts.Series("training", "#1f77b4", EpochMetrics::loss),
                new ReportCharts.Series("validation", "#d62728", EpochMetrics::valLoss)), b.bestEpoch,
                ReportCharts.Range.DATA));
        h.append(ReportCharts.epochChart("accuracy", "accuracy", b.history, List.of(
                new ReportCharts.Series("training", "#1f77b4", EpochMetrics::accuracy),
                new ReportCharts.Series("validation", "#d62728", EpochMetrics::valAccuracy)), b.bestEpoch,
                ReportCharts.Range.UNIT));
        h.append(ReportCharts.epochChart("learning rate", "learning rate", b.history, List.of(
                new ReportCharts.Series("learning rate", "#9467bd", EpochMetrics::learningRate)), b.bestEpoch,
                ReportCharts.Range.FROM_ZERO));
        h.append("</div></section>\n");
    }

    private void validation(StringBuilder h, boolean validated) {
        h.append("<section id=\"validation\"><h2>Validation</h2>\n");
        if (!validated) {
            h.append("<p>No validation images.</p></section>\n");
            return;
        }
        Evaluation e = b.evaluation;
        h.append("<p>").append(String.format(Locale.ROOT, "%d images: accuracy %.4f, top-%d accuracy %.4f, loss %.4f,"
                + " macro F1 %.4f", e.examples(), e.accuracy(), e.topK(), e.topKAccuracy(), e.loss(), e.macroF1()))
                .append("</p>\n");
        if (b.baseline != null) {
            BaselineLift l = b.baseline;
            h.append("<p id=\"baseline-lift\" class=\"lift\">").append(String.format(Locale.ROOT, "Baseline lift: "
                    + "%+.1f percentage points over %s (%.1f %% → %.1f %%)", l.points(), esc(l.baseline()),
                    100 * l.baselineAccuracy(), 100 * l.accuracy())).append("</p>\n");
        }
        h.append("</section>\n");
    }

    private void topLosses(StringBuilder h, boolean validated) {
        h.append("<section id=\"top-losses\"><h2>Top losses</h2>\n");
        if (!validated || b.predictions == null || b.topLosses == 0) {
            h.append("<p>None shown.</p></section>\n");
            return;
        }
        List<Mistakes.Example> top = Mistakes.topLosses(b.predictions, b.topLosses);
        h.append("<p class=\"note\">The ").append(top.size()).append(" validation images with the highest loss: true"
                + " class, prediction with its probability, loss.</p>\n<div class=\"grid\">");
        top.forEach(x -> h.append(figure(x, true)));
        h.append("</div></section>\n");
    }

    private void mostConfused(StringBuilder h, boolean validated) {
        h.append("<section id=\"most-confused\"><h2>Most confused</h2>\n");
        List<Mistakes.Pair> pairs = validated && b.predictions != null
                ? Mistakes.mostConfused(b.predictions, b.evaluation.confusion(), PAIRS, PER_PAIR) : List.of();
        if (pairs.isEmpty()) {
            h.append("<p>No confusions.</p></section>\n");
            return;
        }
        h.append("<p class=\"note\">The class pairs most often confused, each with its most confident mistakes."
                + "</p>\n");
        for (Mistakes.Pair p : pairs) {
            int support = b.evaluation.perClass().get(p.trueLabel()).support();
            h.append("<h3>").append(esc(b.labels.get(p.trueLabel()))).append(" → predicted ")
                    .append(esc(b.labels.get(p.predicted()))).append(String.format(Locale.ROOT, ": %d of %d images "
                            + "(%.1f %%)", p.count(), support, 100.0 * p.count() / Math.max(1, support)))
                    .append("</h3>\n<div class=\"grid\">");
            p.examples().forEach(x -> h.append(figure(x, false)));
            h.append("</div>\n");
        }
        h.append("</section>\n");
    }

    private String figure(Mistakes.Example x, boolean withLoss) {
        StringBuilder f = new StringBuilder("<figure title=\"").append(esc(x.entry().name())).append("\">");
        Optional<Thumbnails.Thumbnail> t = b.thumbnails == null ? Optional.empty()
                : thumbnails.computeIfAbsent(x.entry().path(), b.thumbnails::of);
        if (t.isPresent()) {
            Thumbnails.Thumbnail th = t.get();
            int scale = Math.max(1, (MIN_DISPLAY + Math.max(th.width(), th.height()) - 1)
                    / Math.max(th.width(), th.height()));
            f.append("<img src=\"").append(th.dataUri()).append("\" width=\"").append(th.width() * scale)
                    .append("\" height=\"").append(th.height() * scale).append("\" alt=\"")
                    .append(esc(x.entry().name())).append("\">");
        } else {
            f.append("<div class=\"missing\">no image</div>");
        }
        String truth = b.labels.get(x.entry().label());
        f.append("<figcaption>true ").append(esc(truth)).append("<br><span class=\"")
                .append(x.predicted() == x.entry().label() ? "" : "wrong").append("\">pred ")
                .append(esc(b.labels.get(x.predicted()))).append(String.format(Locale.ROOT, " %.2f", x.probability()))
                .append("</span>");
        if (withLoss) {
            f.append(String.format(Locale.ROOT, "<br>loss %.2f", x.loss()));
        }
        return f.append("</figcaption></figure>").toString();
    }

    private void confusion(StringBuilder h, boolean validated) {
        h.append("<section id=\"confusion\"><h2>Confusion matrix</h2>\n");
        if (!validated) {
            h.append("<p>No validation images.</p></section>\n");
            return;
        }
        int[][] m = b.evaluation.confusion();
        int[] shown = m.length <= FULL_MATRIX ? IntStream.range(0, m.length).toArray() : mostConfusedClasses(m);
        h.append("<p class=\"note\">Rows: true class; columns: predicted class.");
        if (shown.length < m.length) {
            h.append(" The ").append(shown.length).append(" of ").append(m.length).append(" classes most involved in "
                    + "confusions (either way); the whole matrix is in evaluation.json.");
        }
        h.append("</p>\n<div class=\"charts\">");
        h.append(ReportCharts.confusion(m, b.labels, shown, ReportCharts.Cells.COUNTS));
        h.append(ReportCharts.confusion(m, b.labels, shown, ReportCharts.Cells.SHARE_OF_TRUE_CLASS));
        h.append("</div></section>\n");
    }

    /** The {@link #MATRIX_CLASSES} classes with the most off-diagonal counts in their row and column, in order. */
    static int[] mostConfusedClasses(int[][] m) {
        int k = m.length;
        int[] involved = new int[k];
        for (int i = 0; i < k; i++) {
            for (int j = 0; j < k; j++) {
                if (i != j) {
                    involved[i] += m[i][j];
                    involved[j] += m[i][j];
                }
            }
        }
        return IntStream.range(0, k).boxed().sorted(Comparator.comparingInt((Integer i) -> -involved[i]))
                .limit(MATRIX_CLASSES).mapToInt(Integer::intValue).sorted().toArray();
    }

    private void perClass(StringBuilder h, boolean validated) {
        h.append("<section id=\"per-class\"><h2>Per class</h2>\n");
        if (!validated) {
            h.append("<p>No validation images.</p></section>\n");
            return;
        }
        Evaluation e = b.evaluation;
        int k = e.perClass().size();
        int[] shown = k <= FULL_BARS ? IntStream.range(0, k).toArray() : IntStream.range(0, k).boxed()
                .sorted(Comparator.comparingDouble((Integer i) -> e.perClass().get(i).f1())).limit(BAR_CLASSES)
                .mapToInt(Integer::intValue).toArray();
        if (shown.length < k) {
            h.append("<p class=\"note\">The ").append(shown.length).append(" of ").append(k)
                    .append(" classes with the lowest F1, lowest first; the table has all.</p>\n");
        }
        h.append(ReportCharts.precisionRecall(e, b.labels, shown));
        h.append("<table><tr><th>class</th><th>precision</th><th>recall</th><th>F1</th><th>support</th></tr>");
        for (int i = 0; i < k; i++) {
            Evaluation.ClassMetrics c = e.perClass().get(i);
            h.append(String.format(Locale.ROOT, "<tr><td>%s</td><td class=\"num\">%.4f</td><td class=\"num\">%.4f"
                    + "</td><td class=\"num\">%.4f</td><td class=\"num\">%d</td></tr>", esc(b.labels.get(i)),
                    c.precision(), c.recall(), c.f1(), c.support()));
        }
        h.append("</table></section>\n");
    }

    private void provenance(StringBuilder h) {
        h.append("<section id=\"provenance\"><h2>Where the run came from</h2>\n");
        RunProvenance p = b.provenance;
        if (p == null) {
            h.append("<p>Not recorded.</p></section>\n");
            return;
        }
        Map<String, String> rows = new LinkedHashMap<>();
        rows.put("date", p.date());
        rows.put("tl4j", p.tl4jVersion() + p.gitCommit().map(c -> ", git commit " + c).orElse(""));
        rows.put("java", p.java());
        rows.put("system", p.os());
        rows.put("backend", p.backend());
        rows.put("optimizer", p.optimizer());
        rows.put("learning-rate schedule", p.schedule());
        rows.put("early stopping", p.earlyStopping());
        h.append("<table>");
        rows.forEach((k, v) -> h.append("<tr><th>").append(esc(k)).append("</th><td>").append(esc(v))
                .append("</td></tr>"));
        h.append("</table>\n<h3>Data</h3>\n<table><tr><th>set</th><th>source</th><th>images</th><th>classes</th>"
                + "<th>listing SHA-256</th></tr>");
        for (RunProvenance.DataSource d : p.data()) {
            h.append("<tr><td>").append(esc(d.role())).append("</td><td>").append(esc(d.source()))
                    .append("</td><td class=\"num\">").append(d.images()).append("</td><td class=\"num\">")
                    .append(d.classes()).append("</td><td><code title=\"").append(esc(d.listingHash())).append("\">")
                    .append(esc(d.listingHash().substring(0, Math.min(16, d.listingHash().length()))))
                    .append("…</code></td></tr>");
        }
        h.append("</table>\n<p class=\"note\">The listing hash covers each image's relative path, class and size in "
                + "bytes: the same hash, the same listing.</p>\n");
        h.append("<details><summary>Resolved config (config.conf)</summary><pre>").append(esc(p.config()))
                .append("</pre></details></section>\n");
    }

    private void warnings(StringBuilder h) {
        h.append("<section id=\"warnings\"><h2>Warnings (").append(b.warnings.size()).append(")</h2>\n");
        if (b.warnings.isEmpty()) {
            h.append("<p>None.</p>");
        } else {
            h.append("<ul>");
            b.warnings.forEach(w -> h.append("<li>").append(esc(w)).append("</li>"));
            h.append("</ul>");
        }
        h.append("</section>\n");
    }

    private void badImages(StringBuilder h) {
        h.append("<section id=\"bad-images\"><h2>Bad images (").append(b.badImages.size()).append(")</h2>\n");
        if (b.badImages.isEmpty()) {
            h.append("<p>None.</p>");
        } else {
            h.append("<table><tr><th>file</th><th>reason</th></tr>");
            b.badImages.forEach(x -> h.append("<tr><td>").append(esc(x.path().toString())).append("</td><td>")
                    .append(esc(x.reason())).append("</td></tr>"));
            h.append("</table>");
        }
        h.append("</section>\n");
    }

    /** Builds a report: {@code set…} for required values, {@code opt…} for optional ones. */
    public static final class Builder {
        private String title;
        private List<String> labels;
        private Map<String, String> summary = Map.of();
        private List<EpochMetrics> history = List.of();
        private int bestEpoch;
        private Evaluation evaluation;
        private Predictions predictions;
        private List<BadImage> badImages = List.of();
        private List<String> warnings = List.of();
        private RunProvenance provenance;
        private BaselineLift baseline;
        private Thumbnails thumbnails;
        private int topLosses = DEFAULT_TOP_LOSSES;

        private Builder() {
        }

        /** The heading (required). */
        public Builder setTitle(String heading) {
            this.title = heading;
            return this;
        }

        /** The class names, in label order (required). */
        public Builder setLabels(List<String> classNames) {
            this.labels = List.copyOf(classNames);
            return this;
        }

        /** Key/value rows at the top, in order. */
        public Builder optSummary(Map<String, String> rows) {
            this.summary = new LinkedHashMap<>(rows);
            return this;
        }

        /** The epochs, and the epoch whose weights the model has (0: none). */
        public Builder optHistory(List<EpochMetrics> epochs, int best) {
            this.history = List.copyOf(epochs);
            this.bestEpoch = best;
            return this;
        }

        /** The final validation metrics and the probabilities they came from. */
        public Builder optValidation(Evaluation metrics, Predictions probabilities) {
            this.evaluation = metrics;
            this.predictions = probabilities;
            return this;
        }

        /** How many of the highest-loss validation images to show (default {@value HtmlReport#DEFAULT_TOP_LOSSES}). */
        public Builder optTopLosses(int count) {
            this.topLosses = count;
            return this;
        }

        /**
         * Thumbnails for the top losses and the most confused pairs' examples, decoded from their files with
         * {@code decoder}, their longer side at most {@code size} pixels (without: the file names only).
         */
        public Builder optThumbnails(ImageDecoder decoder, int size) {
            this.thumbnails = new Thumbnails(decoder, size);
            return this;
        }

        /** The images left out. */
        public Builder optBadImages(List<BadImage> images) {
            this.badImages = List.copyOf(images);
            return this;
        }

        /** Other notices. */
        public Builder optWarnings(List<String> notices) {
            this.warnings = List.copyOf(notices);
            return this;
        }

        /** Where the run came from. */
        public Builder optProvenance(RunProvenance where) {
            this.provenance = where;
            return this;
        }

        /** The lift over a baseline, shown in the validation section (the row is absent without one). */
        public Builder optBaseline(BaselineLift lift) {
            this.baseline = lift;
            return this;
        }

        /** The HTML. */
        public String render() {
            if (title == null || labels == null) {
                throw new IllegalStateException("an HtmlReport needs a title and the labels (setTitle, setLabels)");
            }
            return new HtmlReport(this).render();
        }
    }
}
