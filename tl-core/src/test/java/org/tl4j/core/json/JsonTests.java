package org.tl4j.core.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class JsonTests {

    @Test
    void parsesObjectsInDocumentOrderWithWhitespaceEverywhere() {
        Object v = Json.parse(" \t\r\n{ \"b\" : [ 1 , -2.5e1 , true , false , null ] ,\n \"a\" : { } , \"c\":[]}\n ");

        assertThat(v).isInstanceOf(Map.class);
        @SuppressWarnings("unchecked")
        Map<String, Object> m = (Map<String, Object>) v;
        assertThat(m.keySet()).containsExactly("b", "a", "c");
        assertThat(m.get("b")).isEqualTo(Arrays.asList(1L, -25.0, true, false, null));
        assertThat((Map<?, ?>) m.get("a")).isEmpty();
        assertThat((List<?>) m.get("c")).isEmpty();
    }

    @Test
    void decodesEveryEscapeIncludingSurrogatePairs() {
        Object v = Json.parse("\"q\\\" b\\\\ s\\/ \\b\\f\\n\\r\\t \\u00e9 \\ud83d\\ude00 é\"");

        assertThat(v).isEqualTo("q\" b\\ s/ \b\f\n\r\t é 😀 é");
    }

    @Test
    void keepsLargeIntegersExact() {
        assertThat(Json.parse("[9007199254740993, 0, -0]")).isEqualTo(List.of(9007199254740993L, 0L, 0L));
    }

    @Test
    void writesWhatItReads() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name \"x\"\n\u0001", List.of(1L, 2.5, "é😀", true));
        m.put("nested", Map.of("k", "v"));
        m.put("nothing", null);

        String json = Json.write(m);

        assertThat(json).contains("\\\"x\\\"\\n\\u0001");
        assertThat(Json.parse(json)).isEqualTo(m);
    }

    @Test
    void quotesStringsEscapingWhatJsonAndJavaScriptNeed() {
        assertThat(Json.quote("a\"b\\c\nd\te\u0001\b\f\u2028"))
                .isEqualTo("\"a\\\"b\\\\c\\nd\\te\\u0001\\b\\f\\u2028\"");
    }

    @Test
    void writesSpacedForPeopleAndCompactForFiles() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("a", Arrays.asList(1, null, "x"));
        m.put("b", Set.of());

        assertThat(Json.write(m)).isEqualTo("{\"a\":[1,null,\"x\"],\"b\":[]}");
        assertThat(Json.write(m, Json.Spacing.SPACED)).isEqualTo("{\"a\": [1, null, \"x\"], \"b\": []}");
    }

    @Test
    void refusesWhatJsonCannotHold() {
        assertThatThrownBy(() -> Json.write(Double.NaN)).hasMessageContaining("JSON cannot hold NaN");
        assertThatThrownBy(() -> Json.write(new Object())).hasMessageContaining("cannot write java.lang.Object");
    }

    @Test
    void writesPrettyForFilesPeopleOpen() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("a", List.of(1L, 2.5));
        m.put("b", Map.of());

        assertThat(Json.write(m, Json.Spacing.PRETTY)).isEqualTo("{\n  \"a\": [\n    1,\n    2.5\n  ],\n  \"b\": {}\n}");
        assertThat(Json.parse(Json.write(m, Json.Spacing.PRETTY))).isEqualTo(m);
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "{\"a\":1,}                | line 1 column 9",
        "[1,]                      | line 1 column 5",
        "{\"a\":1 \"b\":2}         | line 1 column 9",
        "{\"a\" 1}                 | line 1 column 7",
        "\"unterminated            | line 1 column 14",
        "[01]                      | line 1 column 2",
        "[1.]                      | line 1 column 2",
        "[-]                       | line 1 column 2",
        "[1e]                      | line 1 column 2",
        "tru                       | line 1 column 1",
        "{\"a\":1}x                | line 1 column 9",
        "{\"a\":1,\"a\":2}         | duplicate key \"a\"",
        "\"\\x\"                   | line 1 column 4",
        "\"\\u12g4\"               | line 1 column",
        "99999999999999999999      | out of range",
        "[1e999]                   | out of range",
        "``                        | line 1 column 1"})
    void rejectsMalformedJsonSayingWhere(String json, String where) {
        assertThatThrownBy(() -> Json.parse(json))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(where);
    }

    @Test
    void rejectsControlCharactersInStrings() {
        assertThatThrownBy(() -> Json.parse("\"a\nb\""))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void limitsNestingDepth() {
        String deep = "[".repeat(Json.MAX_DEPTH + 2) + "]".repeat(Json.MAX_DEPTH + 2);

        assertThatThrownBy(() -> Json.parse(deep)).hasMessageContaining("nesting deeper than");
        assertThat(Json.parse("[".repeat(10) + "]".repeat(10))).isInstanceOf(List.class);
    }
}
