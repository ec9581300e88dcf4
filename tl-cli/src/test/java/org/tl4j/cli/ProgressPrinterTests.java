package org.tl4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import org.tl4j.core.train.Progress;
import org.tl4j.core.weights.DownloadListener;

/** The command line's one progress renderer: frames on a terminal, plain lines elsewhere, downloads in MB. */
class ProgressPrinterTests {

    @Test
    void withoutATerminalEachTaskIsOneLineWithoutCarriageReturns() {
        StringWriter text = new StringWriter();
        ProgressPrinter p = new ProgressPrinter(new PrintWriter(text), ProgressPrinter.Mode.LINES);
        for (int done = 0; done <= 96; done += 32) {
            p.progress(new Progress("features", done, 96, "images"));
        }
        p.taskDone("features");
        p.info("done");
        assertThat(text.toString()).doesNotContain("\r");
        assertThat(text.toString().lines()).hasSize(2);
        assertThat(text.toString().lines().findFirst().orElseThrow())
                .startsWith("features [############################] 96/96 images");
    }

    @Test
    void withoutATerminalATaskThatEndsShortShowsItsLastCount() {
        StringWriter text = new StringWriter();
        ProgressPrinter p = new ProgressPrinter(new PrintWriter(text), ProgressPrinter.Mode.LINES);
        p.progress(new Progress("features", 0, 10, "images"));
        p.progress(new Progress("features", 9, 10, "images"));
        p.taskDone("features");
        assertThat(text.toString().lines()).singleElement().asString().startsWith("features [").contains("9/10 images");
    }

    @Test
    void onATerminalTheBarIsRedrawnInPlaceAndEndedByTheTask() {
        StringWriter text = new StringWriter();
        ProgressPrinter p = new ProgressPrinter(new PrintWriter(text), ProgressPrinter.Mode.BARS);
        p.progress(new Progress("predict", 0, 64, "images"));
        p.progress(new Progress("predict", 64, 64, "images"));
        p.taskDone("predict");
        assertThat(text.toString()).startsWith("\rpredict [----------------------------] 0/64 images")
                .contains("\rpredict [############################] 64/64 images").endsWith(System.lineSeparator());
    }

    @Test
    void downloadsAreTasksShownInMegabytes() {
        StringWriter text = new StringWriter();
        DownloadListener d = new ProgressPrinter(new PrintWriter(text), ProgressPrinter.Mode.LINES).downloads();
        d.started("weights.h5", "https://example.org/weights.h5", 3_500_000);
        d.progress(1_000_000, 3_500_000);
        d.finished(3_500_000);
        assertThat(text.toString().lines()).hasSize(2);
        assertThat(text.toString()).startsWith("downloading https://example.org/weights.h5")
                .contains("weights.h5 [############################] 3.5/3.5 MB");
    }

    @Test
    void quietShowsOnlyWarnings() {
        StringWriter text = new StringWriter();
        ProgressPrinter p = new ProgressPrinter(new PrintWriter(text), ProgressPrinter.Mode.QUIET);
        p.progress(new Progress("features", 1, 1, "images"));
        p.info("notice");
        p.warn("careful");
        assertThat(text.toString()).isEqualTo("warning: careful" + System.lineSeparator());
    }

    @Test
    void csvFieldsAreQuotedOnlyWhenTheyMustBe() {
        assertThat(PredictCommand.cell("a/b.png")).isEqualTo("a/b.png");
        assertThat(PredictCommand.cell("a,b \"c\".png")).isEqualTo("\"a,b \"\"c\"\".png\"");
    }
}
