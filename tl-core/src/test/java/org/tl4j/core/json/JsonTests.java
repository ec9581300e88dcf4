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
    void escapesLoneSurrogatesInsteadOfMangling() {
        String lone = "a\ud800b";

        assertThat(Json.write(lone)).isEqualTo("\"a\\ud800b\"");
        assertThat(Json.parse(Json.write(lone))).isEqualTo(lone);
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "{\"a\":1,}                | expected a string key",
        "[1,]                      | unexpected character ']'",
        "{\"a\":1 \"b\":2}         | expected ',' or '}'",
        "{\"a\" 1}                 | expected ':'",
        "\"unterminated            | unexpected end of input",
        "[01]                      | expected ',' or ']'",
        "[1.]                      | invalid number",
        "[-]                       | invalid number",
        "[1e]                      | invalid number",
        "tru                       | invalid literal",
        "{\"a\":1}x                | unexpected data after the JSON value",
        "{\"a\":1,\"a\":2}         | duplicate key \"a\"",
        "\"\\x\"                   | invalid escape",
        "\"\\u12g4\"               | invalid \\u escape",
        "99999999999999999999      | out of range",
        "``                        | unexpected end of input"})
    void rejectsMalformedJsonNamingTheProblemAndOffset(String json, String problem) {
        assertThatThrownBy(() -> Json.parse(json))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(problem)
                .hasMessageContaining("at offset");
    }

    @Test
    void rejectsControlCharactersInStrings() {
        assertThatThrownBy(() -> Json.parse("\"a\nb\""))
                .hasMessageContaining("unescaped control character U+000A");
    }

    @Test
    void limitsNestingDepth() {
        String deep = "[".repeat(Json.MAX_DEPTH + 2) + "]".repeat(Json.MAX_DEPTH + 2);

        assertThatThrownBy(() -> Json.parse(deep)).hasMessageContaining("nesting deeper than");
        assertThat(Json.parse("[".repeat(10) + "]".repeat(10))).isInstanceOf(List.class);
    }
}
