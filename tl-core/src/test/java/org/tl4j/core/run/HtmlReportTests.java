package org.tl4j.core.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tl4j.api.tensor.Tensor;
import org.tl4j.core.data.BadImage;
import org.tl4j.core.data.ImageDecoder;
import org.tl4j.core.data.ImageEntry;
import org.tl4j.core.train.EpochMetrics;
import org.tl4j.core.train.Metrics;
import org.tl4j.core.train.Predictions;

class HtmlReportTests {
    private static final String SCRIPT = "<script>alert(1)</script>";
    private static final String IMG = "<img src=x onerror=alert(1)>";

    @TempDir
    Path dir;

    @Test
    void everyLabelFileNameMessageAndConfigLineIsEscaped() throws IOException {
        List<String> labels = List.of(SCRIPT, IMG, "ok");
        Predictions p = predictions(labels.size(), 12, 200, 0.7, new Random(1), SCRIPT + "'\"&.png");
        String html = report(labels, p).optSummary(Map.of("note " + SCRIPT, IMG))
                .optBadImages(List.of(new BadImage(dir.resolve(SCRIPT.replace('/', '_') + ".jpg"), IMG)))
                .optWarnings(List.of(SCRIPT)).optProvenance(provenance(SCRIPT))
                .optBaseline(new BaselineLift(SCRIPT, 0.5, 0.8)).setTitle("run " + IMG).render();
        assertThat(html).doesNotContain("<script").doesNotContain("<img src=x")
                .contains("&lt;script&gt;alert(1)&lt;/script&gt;").contains("&lt;img src=x onerror=alert(1)&gt;")
                .contains("&#39;&quot;&amp;.png");
        assertThat(count(html, "<img ")).as("only thumbnails are images").isEqualTo(count(html, "<img src=\"data:"));
        assertThat(html).contains("Content-Security-Policy").contains("default-src 'none'; img-src data:");
    }

    @Test
    void sectionsComeInTheirOrderAndTheBaselineRowOnlyWithABaseline() throws IOException {
        List<String> labels = List.of("a", "b");
        Predictions p = predictions(2, 10, 40, 0.8, new Random(2), "x.png");
        String html = report(labels, p).optProvenance(provenance("tl4j {}")).render();
        int last = -1;
        for (String id : HtmlReport.SECTIONS) {
            int at = html.indexOf(" id=\"" + id + "\"");
            assertThat(at).as(id).isGreaterThan(last);
            last = at;
        }
        assertThat(html).doesNotContain("baseline-lift");
        String lifted = report(labels, p).optBaseline(new BaselineLift("the same head on a random base", 0.5,
                0.82)).render();
        assertThat(lifted).contains("id=\"baseline-lift\"")
                .contains("Baseline lift: +32.0 percentage points over the same head on a random base (50.0 % → 82.0 %)");
    }

    @Test
    void theBrowserCheckLooksForExactlyTheseSections() throws IOException {
        Path script = Path.of("").toAbsolutePath().getParent().resolve("scripts/report-screenshot.sh");
        String line = Files.readAllLines(script).stream().filter(l -> l.startsWith("SECTIONS=")).findFirst()
                .orElseThrow();
        assertThat(line).isEqualTo("SECTIONS=\"" + String.join(" ", HtmlReport.SECTIONS) + "\"");
    }

    @Test
    void topLossesShowTheWorstImagesFirstWithTrueAndPredictedClassAsSmallThumbnails() throws IOException {
        List<String> labels = List.of("cat", "dog", "fox");
        Predictions p = predictions(3, 20, 128, 0.6, new Random(3), "img.png");
        String html = report(labels, p).render();
        String top = section(html, "top-losses");
        assertThat(count(top, "<figure")).isEqualTo(24);
        Mistakes.Example worst = Mistakes.topLosses(p, 1).get(0);
        assertThat(top.substring(0, top.indexOf("</figure>"))).contains(worst.entry().name())
                .contains("true " + labels.get(worst.entry().label()))
                .contains(String.format(java.util.Locale.ROOT, "loss %.2f", worst.loss()));
        Matcher size = Pattern.compile("<img src=\"data:image/(png|jpeg);base64,[A-Za-z0-9+/=]+\" width=\"(\\d+)\" "
                + "height=\"(\\d+)\"").matcher(top);
        assertThat(size.find()).isTrue();
        assertThat(Integer.parseInt(size.group(2))).isEqualTo(96);
        String pairs = section(html, "most-confused");
        assertThat(count(pairs, "<h3>")).isBetween(1, HtmlReport.PAIRS);
        assertThat(pairs).contains(" → predicted ");
    }

    @Test
    void smallImagesAreShownEnlargedWithoutBeingEnlargedInTheFile() throws IOException {
        Predictions p = predictions(2, 5, 28, 0.5, new Random(4), "tiny.png");
        String top = section(report(List.of("a", "b"), p).render(), "top-losses");
        assertThat(top).contains("width=\"84\" height=\"63\"");
        String uri = top.replaceAll("(?s).*?<img src=\"(data:[^\"]+)\".*", "$1");
        byte[] png = java.util.Base64.getDecoder().decode(uri.substring(uri.indexOf(',') + 1));
        BufferedImage back = ImageIO.read(new java.io.ByteArrayInputStream(png));
        assertThat(back.getWidth()).isEqualTo(28);
    }

    @Test
    void aHundredAndTwoClassesStayWithinTwoMegabytesWithTheMostConfusedClassesInTheMatrices() throws IOException {
        List<String> labels = IntStream.range(0, 102).mapToObj(i -> "class number " + i + " with a long name")
                .toList();
        Predictions p = predictions(102, 4, 320, 0.6, new Random(5), "photo.png");
        String html = report(labels, p).optProvenance(provenance("tl4j { }")).render();
        assertThat(html.getBytes(StandardCharsets.UTF_8).length).isLessThan(2_000_000);
        String confusion = section(html, "confusion");
        assertThat(confusion).contains("The 20 of 102 classes most involved in confusions");
        assertThat(count(confusion, "<rect ")).isEqualTo(2 * 20 * 20);
        String perClass = section(html, "per-class");
        assertThat(perClass).contains("The 30 of 102 classes with the lowest F1");
        assertThat(count(perClass, "<tr>")).isEqualTo(103);
        assertThat(html).containsPattern(">class number \\d+ with a…<title>class number \\d+ with a long name</title>");
    }

    @Test
    void fiveClassesGetWholeMatricesOfCountsAndShares() throws IOException {
        Predictions p = predictions(5, 6, 40, 0.7, new Random(6), "x.png");
        String confusion = section(report(List.of("a", "b", "c", "d", "e"), p).render(), "confusion");
        assertThat(count(confusion, "<rect ")).isEqualTo(2 * 25);
        assertThat(confusion).contains("share of each true class (%)").doesNotContain("most involved");
    }

    @Test
    void curvesHaveTicksAxisLabelsTheBestEpochAndTwoShadedPhases() {
        List<EpochMetrics> h = new ArrayList<>();
        for (int e = 1; e <= 10; e++) {
            h.add(new EpochMetrics(e, e <= 5 ? "feature-extraction" : "fine-tune", e <= 5 ? 1e-3 : 1e-5,
                    1.0 / e, 0.5 + e / 40.0, 1.2 / e, 0.45 + e / 30.0, 1, 1));
        }
        String curves = section(HtmlReport.builder().setTitle("t").setLabels(List.of("a")).optHistory(h, 7).render(),
                "curves");
        assertThat(count(curves, "<svg")).isEqualTo(3);
        assertThat(count(curves, "class=\"phase\"")).isEqualTo(3 * 2);
        assertThat(count(curves, "best epoch 7")).isEqualTo(3);
        assertThat(curves).contains(">epoch<").contains(">learning rate<").contains(">0.0010<").contains(">10<")
                .contains(">fine-tune<");
    }

    @Test
    void ticksAreOneTwoOrFiveTimesAPowerOfTen() {
        assertThat(ReportCharts.ticks(0.38, 0.7, 5)).containsExactly(new double[] {0.35, 0.4, 0.45, 0.5, 0.55, 0.6,
            0.65, 0.7}, within(1e-12));
        assertThat(ReportCharts.ticks(1, 20, 10)).containsExactly(0, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20);
        assertThat(ReportCharts.tickLabel(0.6000000000000001, 0.05)).isEqualTo("0.60");
        assertThat(ReportCharts.tickLabel(0.0002, 0.0002)).isEqualTo("0.0002");
        assertThat(ReportCharts.tickLabel(-0.0, 0.1)).isEqualTo("0.0");
        assertThat(ReportCharts.ticks(0.001, 0.001, 5)).contains(0.001);
    }

    private HtmlReport.Builder report(List<String> labels, Predictions p) {
        var e = p.evaluate(Math.min(5, labels.size()));
        return HtmlReport.builder().setTitle("run").setLabels(labels)
                .optHistory(List.of(new EpochMetrics(1, "feature-extraction", 1e-3, 0.6, 0.7, 0.5, 0.75, 1, 1)), 1)
                .optValidation(e, p).optThumbnails(new ImageDecoder(), 96);
    }

    private RunProvenance provenance(String config) {
        return new RunProvenance(OffsetDateTime.now().toString(), "test", Optional.empty(), "java", "os", "fake",
                "adam", "constant", "none", List.of(new RunProvenance.DataSource("training", "data/x", 10, 2,
                        "0123456789abcdef0123")), config);
    }

    /**
     * {@code perClass} validation images per class, on a few distinct noise images of {@code px} pixels (PNG: the
     * worst case for a thumbnail's size); each image's true class gets probability {@code right} on average.
     */
    private Predictions predictions(int classes, int perClass, int px, double right, Random r, String name)
            throws IOException {
        List<Path> files = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            BufferedImage b = new BufferedImage(px, px * 3 / 4, BufferedImage.TYPE_INT_RGB);
            for (int y = 0; y < b.getHeight(); y++) {
                for (int x = 0; x < b.getWidth(); x++) {
                    b.setRGB(x, y, r.nextInt(1 << 24));
                }
            }
            Path f = dir.resolve(i + "-" + name.replace('/', '_'));
            ImageIO.write(b, "png", f.toFile());
            files.add(f);
        }
        List<ImageEntry> entries = new ArrayList<>();
        float[] probs = new float[classes * perClass * classes];
        int n = 0;
        for (int c = 0; c < classes; c++) {
            for (int i = 0; i < perClass; i++, n++) {
                Path f = files.get(n % files.size());
                entries.add(new ImageEntry(f, "c" + c + "/" + n + "-" + f.getFileName(), c));
                double pTrue = Math.min(0.99, Math.max(0.01, right + (r.nextDouble() - 0.5)));
                int other = (c + 1 + r.nextInt(Math.min(3, classes - 1))) % classes;
                for (int j = 0; j < classes; j++) {
                    probs[n * classes + j] = (float) ((1 - pTrue) * 0.1 / classes);
                }
                probs[n * classes + c] += (float) pTrue;
                probs[n * classes + (other == c ? (c + 1) % classes : other)] += (float) ((1 - pTrue) * 0.9);
            }
        }
        return new Predictions(entries, Tensor.of(probs, n, classes));
    }

    private static String section(String html, String id) {
        int from = html.indexOf(" id=\"" + id + "\"");
        assertThat(from).as(id).isPositive();
        int to = html.indexOf("</section>", from);
        return html.substring(from, to < 0 ? html.length() : to);
    }

    private static int count(String s, String what) {
        return (s.length() - s.replace(what, "").length()) / what.length();
    }
}
