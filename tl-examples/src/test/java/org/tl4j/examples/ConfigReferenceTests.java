package org.tl4j.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigUtil;
import com.typesafe.config.ConfigValue;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * docs/CONFIG.md and the reference.conf files of every module cannot drift apart: each key of the merged reference
 * is documented with its default, and each documented key exists. This module's test class path holds every
 * module's reference.conf.
 */
class ConfigReferenceTests {
    /** A key row of CONFIG.md: {@code | `tl4j.a.b` | `default` | meaning |}. */
    private static final Pattern ROW =
            Pattern.compile("^\\|\\s*`(tl4j\\.[^`]+)`\\s*\\|\\s*`([^`]*)`\\s*\\|(.*)\\|\\s*$");

    private static Map<String, String> reference;
    private static Map<String, String> documented;
    private static Map<String, String> meanings;

    @BeforeAll
    static void read() throws IOException {
        Config merged = ConfigFactory.parseResourcesAnySyntax(ConfigReferenceTests.class.getClassLoader(),
                "reference.conf").resolve();
        reference = new LinkedHashMap<>();
        leaves("tl4j", merged.getObject("tl4j"), reference);
        documented = new LinkedHashMap<>();
        meanings = new LinkedHashMap<>();
        for (String line : Files.readAllLines(Fixtures.root().resolve("docs/CONFIG.md"))) {
            Matcher m = ROW.matcher(line);
            if (m.matches()) {
                assertThat(documented.put(m.group(1), normalise(m.group(2)))).as("documented twice: " + m.group(1))
                        .isNull();
                meanings.put(m.group(1), m.group(3).strip());
            }
        }
    }

    /** Every leaf (an empty object such as {@code options {}} included), with its default rendered as HOCON. */
    private static void leaves(String path, ConfigObject object, Map<String, String> out) {
        for (Map.Entry<String, ConfigValue> e : object.entrySet()) {
            String key = path + "." + ConfigUtil.joinPath(e.getKey());
            if (e.getValue() instanceof ConfigObject o && !o.isEmpty()) {
                leaves(key, o, out);
            } else {
                out.put(key, normalise(e.getValue().render(ConfigRenderOptions.concise())));
            }
        }
    }

    /** Compares values as written: no quotes, no spaces ({@code [160, 160]} = {@code [160,160]}), numbers by value. */
    private static String normalise(String value) {
        String v = value.replace("\"", "").replace(" ", "");
        try {
            return new BigDecimal(v).stripTrailingZeros().toPlainString();
        } catch (NumberFormatException e) {
            return v;
        }
    }

    @Test
    void referenceHasKeys() {
        assertThat(reference).containsKeys("tl4j.seed", "tl4j.backbone.id", "tl4j.trainer.optimizer.learning-rate");
    }

    @Test
    void everyReferenceKeyIsDocumentedWithItsDefault() {
        assertThat(documented).as("keys in docs/CONFIG.md").containsAllEntriesOf(reference);
    }

    @Test
    void everyDocumentedKeyExists() {
        assertThat(reference.keySet()).as("keys of the reference.conf files").containsAll(documented.keySet());
    }

    @Test
    void everyDocumentedKeyHasAMeaning() {
        meanings.forEach((key, meaning) -> assertThat(meaning).as(key).isNotBlank());
    }
}
