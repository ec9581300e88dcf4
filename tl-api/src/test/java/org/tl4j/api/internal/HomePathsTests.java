package org.tl4j.api.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class HomePathsTests {
    private final Path home = Path.of("/home/someone");

    @Test
    void aLeadingTildeIsTheHomeFolder() {
        assertThat(HomePaths.expand("~", home)).isEqualTo(home);
        assertThat(HomePaths.expand("~/.tl4j/weights", home)).isEqualTo(home.resolve(".tl4j/weights"));
        assertThat(HomePaths.expand("~\\cache", home)).isEqualTo(home.resolve("cache"));
        assertThat(HomePaths.expand("~", home.resolve("x"))).isEqualTo(home.resolve("x"));
    }

    @Test
    void otherPathsAreTakenAsGiven() {
        assertThat(HomePaths.expand("runs/~", home)).isEqualTo(Path.of("runs/~"));
        assertThat(HomePaths.expand("~other/x", home)).isEqualTo(Path.of("~other/x"));
        assertThat(HomePaths.expand("/abs/path", home)).isEqualTo(Path.of("/abs/path"));
    }

    @Test
    void withoutAHomeTheUsersHomeIsUsed() {
        assertThat(HomePaths.expand("~/a")).isEqualTo(Path.of(System.getProperty("user.home"), "a"));
    }
}
