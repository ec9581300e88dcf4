package org.tl4j.core.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tl4j.api.DataException;
import org.tl4j.api.config.ClassWeighting;

class DatasetTests {
    @TempDir
    Path dir;

    @Test
    void classFoldersAreSortedByCodePointAndFilesByPath() {
        TestImages.dataset(dir, new String[] {"dogs", "Cats", "ant"}, new int[] {2, 1, 3});
        Dataset d = Dataset.fromDirectory(dir);
        assertThat(d.labels()).containsExactly("Cats", "ant", "dogs");
        assertThat(d.entries()).extracting(ImageEntry::name).containsExactly("Cats/img000.png", "ant/img000.png",
                "ant/img001.png", "ant/img002.png", "dogs/img000.png", "dogs/img001.png");
        assertThat(d.classCounts()).containsExactly(1, 3, 2);
        assertThat(d.labelIndices()).containsExactly(0, 1, 1, 1, 2, 2);
    }

    @Test
    void nestedFoldersAreIncludedAndOtherFilesIgnoredWithAWarning() throws Exception {
        TestImages.dataset(dir, new String[] {"a", "b"}, new int[] {1, 1});
        TestImages.write(TestImages.rgb(4, 4, 0), "jpg", dir.resolve("a/sub/deep.JPG"));
        Files.writeString(dir.resolve("a/readme.txt"), "x");
        Files.writeString(dir.resolve("a/.DS_Store"), "x");
        Dataset d = Dataset.fromDirectory(dir);
        assertThat(d.entries()).extracting(ImageEntry::name).contains("a/sub/deep.JPG");
        assertThat(d.warnings()).singleElement().asString().contains("1 file(s)").contains("ignored");
    }

    @Test
    void symlinkedClassFoldersAreFollowed() throws Exception {
        Path real = dir.resolve("real");
        TestImages.dataset(real, new String[] {"a", "b"}, new int[] {2, 1});
        Path root = Files.createDirectories(dir.resolve("root"));
        Files.createSymbolicLink(root.resolve("a"), real.resolve("a"));
        Files.createSymbolicLink(root.resolve("b"), real.resolve("b"));
        Dataset d = Dataset.fromDirectory(root);
        assertThat(d.entries()).extracting(ImageEntry::name).containsExactly("a/img000.png", "a/img001.png",
                "b/img000.png");
    }

    @Test
    void unicodeAndSpacesInClassAndFileNames() {
        TestImages.write(TestImages.rgb(4, 4, 0), "png", dir.resolve("chat noir/é 1.png"));
        TestImages.write(TestImages.rgb(4, 4, 1), "png", dir.resolve("犬/写真 2.png"));
        Dataset d = Dataset.fromDirectory(dir);
        assertThat(d.labels()).containsExactly("chat noir", "犬");
        assertThat(d.entries()).extracting(ImageEntry::name).containsExactly("chat noir/é 1.png", "犬/写真 2.png");
    }

    @Test
    void supplementaryCharactersSortLikePython() {
        assertThat(List.of("\uFF21", "\uD83D\uDE00").stream().sorted(Dataset.CODE_POINT_ORDER).toList())
                .containsExactly("\uFF21", "\uD83D\uDE00");
    }

    @Test
    void emptyClassFolderIsLeftOutWithAWarning() throws Exception {
        TestImages.dataset(dir, new String[] {"a", "c"}, new int[] {2, 2});
        Files.createDirectories(dir.resolve("b"));
        Dataset d = Dataset.fromDirectory(dir);
        assertThat(d.labels()).containsExactly("a", "c");
        assertThat(d.warnings()).singleElement().asString().contains("'b'").contains("has no images");
    }

    @Test
    void singleClassIsAClearError() {
        TestImages.dataset(dir, new String[] {"only"}, new int[] {3});
        assertThatThrownBy(() -> Dataset.fromDirectory(dir)).isInstanceOf(DataException.class)
                .hasMessageContaining("only one class with images ('only')")
                .hasMessageContaining("at least two classes");
    }

    @Test
    void oneClassLeftAfterEmptyFoldersIsAnError() throws Exception {
        TestImages.dataset(dir, new String[] {"a"}, new int[] {3});
        Files.createDirectories(dir.resolve("b"));
        assertThatThrownBy(() -> Dataset.fromDirectory(dir)).hasMessageContaining("only one class");
    }

    @Test
    void folderWithoutClassFoldersExplainsTheLayout() {
        TestImages.write(TestImages.rgb(4, 4, 0), "png", dir.resolve("loose.png"));
        assertThatThrownBy(() -> Dataset.fromDirectory(dir)).isInstanceOf(DataException.class)
                .hasMessageContaining("has no class folders");
    }

    @Test
    void missingFolderIsAnError() {
        assertThatThrownBy(() -> Dataset.fromDirectory(dir.resolve("nope"))).isInstanceOf(DataException.class)
                .hasMessageContaining("does not exist");
        assertThatThrownBy(() -> Dataset.load(dir.resolve("flowers/flower_photos")))
                .isInstanceOf(DataException.class).hasMessageContaining("does not exist")
                .hasMessageContaining("./tl data fetch flowers");
    }

    @Test
    void validationFolderUsesTrainingIndicesAndRejectsUnknownClasses() {
        Path train = TestImages.dataset(dir.resolve("train"), new String[] {"a", "b", "c"}, new int[] {1, 1, 1});
        Path val = TestImages.dataset(dir.resolve("val"), new String[] {"c", "a"}, new int[] {1, 2});
        Dataset t = Dataset.fromDirectory(train);
        Dataset v = Dataset.fromDirectory(val, t.labels());
        assertThat(v.labels()).isEqualTo(t.labels());
        assertThat(v.labelIndices()).containsExactly(0, 0, 2);
        TestImages.dataset(dir.resolve("val"), new String[] {"zebra"}, new int[] {1});
        assertThatThrownBy(() -> Dataset.fromDirectory(val, t.labels())).hasMessageContaining("[zebra]");
    }

    @Test
    void csvListWithHeaderQuotesAndRelativePaths() throws Exception {
        TestImages.dataset(dir.resolve("imgs"), new String[] {"x"}, new int[] {3});
        Path csv = dir.resolve("list.csv");
        Files.writeString(csv, "path,label\nimgs/x/img000.png,dog\n\"imgs/x/img001.png\",\"cat, big\"\n"
                + "imgs/x/img002.png,dog\nimgs/x/img002.png,dog\n", StandardCharsets.UTF_8);
        Dataset d = Dataset.fromList(csv);
        assertThat(d.labels()).containsExactly("cat, big", "dog");
        assertThat(d.entries()).extracting(ImageEntry::name).containsExactly("imgs/x/img001.png",
                "imgs/x/img000.png", "imgs/x/img002.png");
        assertThat(d.get(0).path()).isEqualTo(dir.resolve("imgs/x/img001.png").toAbsolutePath());
        assertThat(d.warnings()).singleElement().asString().contains("list.csv:5").contains("listed twice");
    }

    @Test
    void tsvList() throws Exception {
        Path tsv = dir.resolve("list.tsv");
        Files.writeString(tsv, "a b.png\tone\nc.png\ttwo\n");
        Dataset d = Dataset.load(tsv);
        assertThat(d.labels()).containsExactly("one", "two");
        assertThat(d.get(0).name()).isEqualTo("a b.png");
    }

    @Test
    void malformedListRowNamesFileAndLine() throws Exception {
        Path csv = dir.resolve("bad.csv");
        Files.writeString(csv, "a.png,x\nb.png\n");
        assertThatThrownBy(() -> Dataset.fromList(csv)).isInstanceOf(DataException.class)
                .hasMessageContaining("bad.csv:2");
    }

    @Test
    void unlabelledImagesInPathOrder() {
        TestImages.dataset(dir, new String[] {"b", "a"}, new int[] {1, 2});
        Dataset d = Dataset.unlabelled(dir);
        assertThat(d.labels()).isEmpty();
        assertThat(d.entries()).extracting(ImageEntry::name).containsExactly("a/img000.png", "a/img001.png",
                "b/img000.png");
    }

    @Test
    void balancedClassWeights() {
        assertThat(ClassWeights.balanced(new int[] {10, 30, 0})).containsExactly(2f, 2f / 3, 0f);
        assertThat(ClassWeights.of(ClassWeighting.NONE, new int[] {1, 5})).containsExactly(1f, 1f);
        assertThat(ClassWeights.perExample(new float[] {2f, 0.5f}, new int[] {1, 0, 1})).containsExactly(0.5f, 2f,
                0.5f);
    }
}
