package org.tl4j.core.train;

import java.util.ArrayList;
import java.util.List;
import org.tl4j.api.tensor.Tensor;
import org.tl4j.core.data.Dataset;
import org.tl4j.core.data.ImageEntry;
import org.tl4j.core.data.ImageRequest;

/**
 * The cached features of a run: each good training image with one row per training view, and each good validation
 * image with its view 0. Images with a bad view are left out.
 */
record FeatureSet(List<ImageEntry> trainEntries, List<Tensor[]> trainRows, int[] trainLabels,
        List<ImageEntry> valEntries, List<Tensor> valRows, int[] valLabels) {

    /** The features of the training views and the validation images, in one pass of the pipeline. */
    static FeatureSet compute(TrainingContext ctx, FeatureExtractor extractor) {
        Dataset train = ctx.data().train();
        Dataset val = ctx.data().validation();
        int[] views = ctx.dataSettings().trainViews();
        List<ImageRequest> requests = new ArrayList<>();
        for (int i = 0; i < train.size(); i++) {
            for (int v : views) {
                requests.add(new ImageRequest(requests.size(), train.get(i), v));
            }
        }
        int valStart = requests.size();
        for (int i = 0; i < val.size(); i++) {
            requests.add(new ImageRequest(requests.size(), val.get(i), 0));
        }
        Tensor[] rows = extractor.extract(requests, val.size() == 0 ? "features (train)"
                : "features (train + validation)");
        List<ImageEntry> tEntries = new ArrayList<>();
        List<Tensor[]> tRows = new ArrayList<>();
        for (int i = 0; i < train.size(); i++) {
            Tensor[] r = new Tensor[views.length];
            boolean ok = true;
            for (int v = 0; v < views.length; v++) {
                r[v] = rows[i * views.length + v];
                ok &= r[v] != null;
            }
            if (ok) {
                tEntries.add(train.get(i));
                tRows.add(r);
            }
        }
        List<ImageEntry> vEntries = new ArrayList<>();
        List<Tensor> vRows = new ArrayList<>();
        for (int i = 0; i < val.size(); i++) {
            if (rows[valStart + i] != null) {
                vEntries.add(val.get(i));
                vRows.add(rows[valStart + i]);
            }
        }
        return new FeatureSet(tEntries, tRows, labels(tEntries), vEntries, vRows, labels(vEntries));
    }

    private static int[] labels(List<ImageEntry> entries) {
        return entries.stream().mapToInt(ImageEntry::label).toArray();
    }
}
