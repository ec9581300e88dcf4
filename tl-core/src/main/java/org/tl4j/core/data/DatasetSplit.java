package org.tl4j.core.data;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import org.tl4j.api.DataException;

/**
 * A training set and a validation set with the same classes.
 *
 * @param train      the images to train on
 * @param validation the images to validate on (possibly empty)
 */
public record DatasetSplit(Dataset train, Dataset validation) {

    /**
     * Splits each class separately: its entries are shuffled with a random stream derived from the seed and the
     * class name, and {@code round(n · fraction)} of them go to validation — at least one when the class has two or
     * more images and the fraction is positive, and never all of them. A class's split therefore depends only on the
     * seed, its name and its own files. Both halves keep the dataset's entry order.
     */
    public static DatasetSplit stratified(Dataset data, double validationFraction, long seed) {
        if (!(validationFraction >= 0 && validationFraction < 1)) {
            throw new DataException("validation-split must be in [0, 1), got " + validationFraction);
        }
        List<List<Integer>> byClass = new ArrayList<>();
        for (int c = 0; c < data.labels().size(); c++) {
            byClass.add(new ArrayList<>());
        }
        for (int i = 0; i < data.size(); i++) {
            int label = data.get(i).label();
            if (label < 0) {
                throw new DataException("cannot split unlabelled images (" + data.get(i).name() + ")");
            }
            byClass.get(label).add(i);
        }
        boolean[] toValidation = new boolean[data.size()];
        for (int c = 0; c < byClass.size(); c++) {
            List<Integer> idx = byClass.get(c);
            int n = idx.size();
            int k = (int) Math.round(n * validationFraction);
            if (validationFraction > 0 && n >= 2) {
                k = Math.max(1, Math.min(k, n - 1));
            } else if (n < 2) {
                k = 0;
            }
            SplittableRandom rng = new SplittableRandom(Seeds.derive(seed, Seeds.key("split"),
                    Seeds.key(data.labels().get(c))));
            List<Integer> shuffled = new ArrayList<>(idx);
            shuffled.sort(Comparator.comparing(i -> data.get(i).name(), Dataset.CODE_POINT_ORDER));
            Seeds.shuffle(shuffled, rng);
            for (int j = 0; j < k; j++) {
                toValidation[shuffled.get(j)] = true;
            }
        }
        List<ImageEntry> train = new ArrayList<>();
        List<ImageEntry> validation = new ArrayList<>();
        for (int i = 0; i < data.size(); i++) {
            (toValidation[i] ? validation : train).add(data.get(i));
        }
        return new DatasetSplit(data.withEntries(train), data.withEntries(validation));
    }

    /** An explicit validation set; its classes must be the training set's (see {@link Dataset#load(java.nio.file.Path, List)}). */
    public static DatasetSplit of(Dataset train, Dataset validation) {
        if (!train.labels().equals(validation.labels())) {
            throw new DataException("validation classes " + validation.labels() + " differ from training classes "
                    + train.labels());
        }
        return new DatasetSplit(train, validation);
    }
}
