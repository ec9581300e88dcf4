package org.tl4j.core.run;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tl4j.api.tensor.Tensor;
import org.tl4j.core.data.BadImage;
import org.tl4j.core.train.Checkpoints;
import org.tl4j.core.train.Evaluation;
import org.tl4j.core.train.Metrics;
import org.tl4j.core.train.Predictions;

/** {@code evaluation.json}: metrics, per-class figures, the confusion matrix and every image's probabilities. */
public final class EvaluationReport {
    private EvaluationReport() {
    }

    /** The JSON-ready content. */
    public static Map<String, Object> toMap(Evaluation e, Predictions p, List<String> labels,
            List<BadImage> badImages) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("examples", e.examples());
        m.put("loss", Checkpoints.num(e.loss()));
        m.put("accuracy", Checkpoints.num(e.accuracy()));
        m.put("topK", e.topK());
        m.put("topKAccuracy", Checkpoints.num(e.topKAccuracy()));
        m.put("macroF1", Checkpoints.num(e.macroF1()));
        m.put("labels", labels);
        List<Map<String, Object>> perClass = new ArrayList<>();
        for (int i = 0; i < e.perClass().size(); i++) {
            Evaluation.ClassMetrics c = e.perClass().get(i);
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("label", labels.get(i));
            row.put("precision", c.precision());
            row.put("recall", c.recall());
            row.put("f1", c.f1());
            row.put("support", c.support());
            perClass.add(row);
        }
        m.put("perClass", perClass);
        m.put("confusion", Arrays.stream(e.confusion()).map(r -> Arrays.stream(r).boxed().toList()).toList());
        m.put("predictions", predictions(p, labels));
        m.put("badImages", badImages.stream().map(b -> Map.of("path", b.path().toString(), "reason", b.reason()))
                .toList());
        return m;
    }

    /** One entry per image: name, path, true label, predicted label and all probabilities. */
    public static List<Map<String, Object>> predictions(Predictions p, List<String> labels) {
        List<Map<String, Object>> out = new ArrayList<>();
        Tensor probs = p.probabilities();
        for (int i = 0; i < p.entries().size(); i++) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("name", p.entries().get(i).name());
            row.put("path", p.entries().get(i).path().toString());
            int label = p.entries().get(i).label();
            row.put("label", label < 0 ? null : labels.get(label));
            int k = probs.dim(1);
            row.put("predicted", labels.get(Metrics.argmax(probs.data(), i * k, k)));
            List<Double> values = new ArrayList<>(k);
            for (int j = 0; j < k; j++) {
                values.add(JsonText.clean(probs.data()[i * k + j]));
            }
            row.put("probabilities", values);
            out.add(row);
        }
        return out;
    }
}
