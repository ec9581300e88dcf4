package org.tl4j.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.tl4j.spi.Backbone;
import org.tl4j.spi.Preprocessing;

/**
 * docs/PLUGINS.md shows the example plugin's files verbatim (the reactor compiles and tests those files, so the page's
 * code compiles against tl-api alone) and names every IR node type, every Backbone method and every preprocessing
 * mode. After changing an included file, run {@code scripts/include-docs.py docs/PLUGINS.md}.
 */
class PluginsDocTests {
    private static final Pattern INCLUDE = Pattern.compile("(?m)^<!-- include: (\\S+) -->\\n```\\w*\\n(.*?)\\n```$",
            Pattern.DOTALL);

    private static String doc() throws IOException {
        return Files.readString(Fixtures.root().resolve("docs/PLUGINS.md"));
    }

    @Test
    void includedFilesAreVerbatimCopiesOfTheExamplePlugin() throws IOException {
        Matcher m = INCLUDE.matcher(doc());
        List<String> included = new ArrayList<>();
        while (m.find()) {
            Path file = Fixtures.root().resolve(m.group(1));
            assertThat(m.group(2)).as("docs/PLUGINS.md's copy of " + m.group(1)
                    + " (refresh it with scripts/include-docs.py docs/PLUGINS.md)")
                    .isEqualTo(Files.readString(file).stripTrailing());
            included.add(m.group(1));
        }
        assertThat(included).contains("tl-examples-plugin/pom.xml",
                "tl-examples-plugin/src/main/java/module-info.java",
                "tl-examples-plugin/src/main/java/com/example/tinynet/TinyNetBackbone.java");
    }

    @Test
    void theExamplePluginBuildsOnTlApiAloneWithoutTheParentPom() throws IOException {
        String pom = Files.readString(Fixtures.root().resolve("tl-examples-plugin/pom.xml"));
        assertThat(pom).doesNotContain("<parent>").doesNotContain("<artifactId>tl-core</artifactId>");
        assertThat(Files.readString(Fixtures.root().resolve("tl-examples-plugin/src/main/java/module-info.java")))
                .contains("requires org.tl4j.api;").doesNotContain("org.tl4j.core");
    }

    @Test
    void namesEveryNodeTypeBackboneMethodAndPreprocessingMode() throws IOException {
        String doc = doc();
        for (String node : List.of("Input", "Conv2D", "DepthwiseConv2D", "BatchNorm", "Activation", "ZeroPadding",
                "MaxPool", "Add", "GlobalAveragePool", "Dense", "Dropout", "External")) {
            assertThat(doc).as("node type " + node).contains("| `" + node + "` |");
        }
        for (Method method : Backbone.class.getMethods()) {
            if (!Modifier.isStatic(method.getModifiers())) {
                assertThat(doc).as("Backbone method " + method.getName()).contains("`" + method.getName() + "(");
            }
        }
        for (Preprocessing mode : Preprocessing.values()) {
            assertThat(doc).as("preprocessing mode " + mode).contains("| `" + mode + "` |");
        }
    }
}
