package org.tl4j.core.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tl4j.core.data.Dataset;
import org.tl4j.core.data.RgbImage;

class RunProvenanceTests {
    private static final String A = "0123456789abcdef0123456789abcdef01234567";
    private static final String B = "89abcdef0123456789abcdef0123456789abcdef";

    @TempDir
    Path dir;

    @Test
    void gitCommitIsReadFromALooseOrPackedBranchADetachedHeadOrAWorktree() throws IOException {
        Path repo = dir.resolve("repo");
        Path git = Files.createDirectories(repo.resolve(".git/refs/heads"));
        Path deep = Files.createDirectories(repo.resolve("tl-core/target/classes"));
        Files.writeString(repo.resolve(".git/HEAD"), "ref: refs/heads/main\n");
        Files.writeString(git.resolve("main"), A + "\n");
        assertThat(GitCheckout.commitAbove(deep)).contains(A);
        Files.delete(git.resolve("main"));
        Files.writeString(repo.resolve(".git/packed-refs"), "# pack-refs with: peeled\n" + B + " refs/heads/main\n");
        assertThat(GitCheckout.commitAbove(deep)).contains(B);
        Files.writeString(repo.resolve(".git/HEAD"), A + "\n");
        assertThat(GitCheckout.commitAbove(deep)).contains(A);
        Path worktree = Files.createDirectories(dir.resolve("wt"));
        Path wtGit = Files.createDirectories(repo.resolve(".git/worktrees/wt"));
        Files.writeString(worktree.resolve(".git"), "gitdir: ../repo/.git/worktrees/wt\n");
        Files.writeString(wtGit.resolve("HEAD"), "ref: refs/heads/main\n");
        Files.writeString(wtGit.resolve("commondir"), "../..\n");
        assertThat(GitCheckout.commitAbove(worktree)).contains(B);
        assertThat(GitCheckout.commitAbove(Files.createDirectories(dir.resolve("elsewhere")))).isEmpty();
    }

    @Test
    void theListingHashChangesWithANameAClassOrASize() throws IOException {
        Path data = dir.resolve("data");
        Files.createDirectories(data.resolve("a"));
        Files.createDirectories(data.resolve("b"));
        png(data.resolve("a/1.png"), 4);
        png(data.resolve("b/2.png"), 4);
        String first = RunProvenance.listingHash(Dataset.fromDirectory(data));
        assertThat(first).hasSize(64).isEqualTo(RunProvenance.listingHash(Dataset.fromDirectory(data)));
        png(data.resolve("b/2.png"), 64);
        String resized = RunProvenance.listingHash(Dataset.fromDirectory(data));
        assertThat(resized).isNotEqualTo(first);
        Files.move(data.resolve("b/2.png"), data.resolve("a/2.png"));
        Files.createDirectories(data.resolve("b"));
        png(data.resolve("b/3.png"), 4);
        assertThat(RunProvenance.listingHash(Dataset.fromDirectory(data))).isNotEqualTo(resized).isNotEqualTo(first);
    }

    @Test
    void thumbnailsAreAreaAveragedDownToTheSizeAndNeverEnlarged() {
        float[] px = new float[4 * 8 * 3];
        for (int i = 0; i < px.length; i += 3) {
            px[i] = (i / 3) % 2 == 0 ? 0 : 200;
        }
        RgbImage shrunk = Thumbnails.shrink(RgbImage.of(4, 8, px), 4);
        assertThat(shrunk.width()).isEqualTo(4);
        assertThat(shrunk.height()).isEqualTo(2);
        assertThat(shrunk.get(0, 0, 0)).isEqualTo(100f);
        RgbImage small = RgbImage.of(4, 8, px);
        assertThat(Thumbnails.shrink(small, 96)).isSameAs(small);
        assertThat(Thumbnails.encode(small)).startsWith("data:image/");
    }

    private static void png(Path f, int size) throws IOException {
        ImageIO.write(new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB), "png", f.toFile());
    }
}
