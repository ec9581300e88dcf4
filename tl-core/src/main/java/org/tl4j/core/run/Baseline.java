package org.tl4j.core.run;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigValueFactory;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.tl4j.api.TlConfigException;
import org.tl4j.api.config.RunConfig;
import org.tl4j.core.train.Checkpoints;
import org.tl4j.core.train.Evaluation;

/**
 * The raw-pixel baseline of {@code tl train --baseline}: the same run on backbone {@code pixels} (the image averaged
 * to a 16×16 grid, no weights), so that a run can say how much its backbone brings over the pixels alone. The
 * baseline keeps everything that is not the backbone — data, split, seed, head, epochs, optimizer, backend — and
 * trains the head on frozen features (a pixel grid has nothing to fine-tune); it runs into the {@value #FOLDER}
 * folder of the main run, a run folder of its own.
 */
public final class Baseline {
    /** The baseline's backbone id. */
    public static final String BACKBONE = "pixels";
    /** The baseline's run folder, inside the main run's. */
    public static final String FOLDER = "baseline";

    private Baseline() {
    }

    /**
     * The baseline's config: {@code main} on backbone {@code pixels} at the same input size, without weights,
     * frozen, with the feature-extraction trainer; throws when {@code main} has no validation images to compare on.
     */
    public static RunConfig config(RunConfig main) {
        RunConfig.DataConfig d = main.data();
        if (d.validation() == null && d.validationSplit() <= 0) {
            throw new TlConfigException("--baseline compares validation accuracies, but the run has no validation"
                    + " images; set tl4j.data.validation or tl4j.data.validation-split");
        }
        RunConfig.BackboneConfig b = main.backbone();
        Config c = main.source().withoutPath("tl4j.backbone")
                .withValue("tl4j.backbone.id", ConfigValueFactory.fromAnyRef(BACKBONE))
                .withValue("tl4j.backbone.weights", ConfigValueFactory.fromAnyRef("none"))
                .withValue("tl4j.backbone.input-size", ConfigValueFactory.fromIterable(List.of(b.height(), b.width())))
                .withFallback(main.source().withOnlyPath("tl4j.backbone").withoutPath("tl4j.backbone.alpha")
                        .withoutPath("tl4j.backbone.options"))
                .withValue("tl4j.backbone.alpha", ConfigValueFactory.fromAnyRef(1.0))
                .withValue("tl4j.backbone.options", ConfigValueFactory.fromMap(java.util.Map.of()))
                .withValue("tl4j.freezer.id", ConfigValueFactory.fromAnyRef("all"))
                .withValue("tl4j.trainer.id", ConfigValueFactory.fromAnyRef("feature-extraction"));
        return RunConfig.from(c);
    }

    /** Validation accuracy above the baseline's, in percentage points ({@code evaluation.json} rounds it to 0.1). */
    public static double liftPoints(Evaluation main, Evaluation baseline) {
        return 100 * (main.accuracy() - baseline.accuracy());
    }

    /** The lift as the console and the report show it, e.g. {@code +42.5 points}. */
    public static String liftText(Evaluation main, Evaluation baseline) {
        return String.format(Locale.ROOT, "%+.1f points", liftPoints(main, baseline));
    }

    /** The {@code baseline} section of the main run's {@code evaluation.json}. */
    static Map<String, Object> toMap(RunSummary baseline, Evaluation main) {
        Evaluation e = baseline.evaluation();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("backbone", BACKBONE);
        m.put("runFolder", FOLDER);
        m.put("examples", e.examples());
        m.put("loss", Checkpoints.num(e.loss()));
        m.put("accuracy", Checkpoints.num(e.accuracy()));
        m.put("macroF1", Checkpoints.num(e.macroF1()));
        m.put("liftPoints", Math.round(liftPoints(main, e) * 10) / 10.0);
        m.put("seconds", Checkpoints.num(baseline.seconds()));
        return m;
    }
}
