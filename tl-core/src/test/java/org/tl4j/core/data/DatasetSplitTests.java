package org.tl4j.core.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.tl4j.api.DataException;

class DatasetSplitTests {

    private static Dataset synthetic(int... counts) {
        List<String> labels = new ArrayList<>();
        List<ImageEntry> entries = new ArrayList<>();
        for (int c = 0; c < counts.length; c++) {
            labels.add("class" + c);
            for (int i = 0; i < counts[c]; i++) {
                String name = "class" + c + "/" + i + ".png";
                entries.add(new ImageEntry(Path.of(name), name, c));
            }
        }
        return Dataset.of(Path.of("."), labels, entries, List.of());
    }

    @Test
    void sameSeedSameSplitOtherSeedOtherSplit() {
        Dataset d = synthetic(50, 30);
        DatasetSplit a = d.split(0.2, 42);
        DatasetSplit b = d.split(0.2, 42);
        assertThat(a.validation().entries()).isEqualTo(b.validation().entries());
        assertThat(d.split(0.2, 43).validation().entries()).isNotEqualTo(a.validation().entries());
    }

    @Test
    void splitIsStratifiedDisjointAndComplete() {
        Dataset d = synthetic(50, 30, 7, 2, 1);
        DatasetSplit s = d.split(0.2, 7);
        assertThat(s.validation().classCounts()).containsExactly(10, 6, 1, 1, 0);
        assertThat(s.train().classCounts()).containsExactly(40, 24, 6, 1, 1);
        Set<ImageEntry> all = new HashSet<>(s.train().entries());
        all.addAll(s.validation().entries());
        assertThat(all).hasSize(d.size());
        assertThat(s.train().labels()).isEqualTo(d.labels());
    }

    @Test
    void aClassSplitDependsOnlyOnItsOwnFiles() {
        Dataset small = synthetic(20, 20);
        Dataset big = synthetic(20, 20, 40);
        List<ImageEntry> v1 = small.split(0.25, 1).validation().entries().stream().filter(e -> e.label() == 1).toList();
        List<ImageEntry> v2 = big.split(0.25, 1).validation().entries().stream().filter(e -> e.label() == 1).toList();
        assertThat(v2).isEqualTo(v1);
    }

    @Test
    void zeroFractionKeepsEverythingForTraining() {
        Dataset d = synthetic(5, 5);
        assertThat(d.split(0, 1).validation().size()).isZero();
        assertThatThrownBy(() -> d.split(1.0, 1)).isInstanceOf(DataException.class)
                .hasMessageContaining("validation-split");
    }

    @Test
    void explicitValidationNeedsTheSameClasses() {
        Dataset a = synthetic(2, 2);
        Dataset b = synthetic(2, 2, 2);
        assertThatThrownBy(() -> DatasetSplit.of(a, b)).hasMessageContaining("differ");
    }
}
