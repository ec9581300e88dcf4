package org.tl4j.core.json;

import com.google.gson.FormattingStyle;
import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import com.google.gson.stream.JsonWriter;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * tl4j's one way to read and write JSON (RFC 8259): safetensors headers, layer tables, run outputs (manifests,
 * evaluations, metrics, checkpoints) and the CLI's {@code --json} outputs all go through here. The tokenizer and the
 * writer are Gson's ({@code com.google.gson.stream}, the Gson that DJL also brings), in its strict mode; this class
 * maps documents to plain Java values and adds what tl4j's readers need on top.
 *
 * <p>Objects become {@code LinkedHashMap<String, Object>} in document order, arrays {@code List<Object>}, integers
 * {@code Long}, other numbers {@code Double}, and {@code true}/{@code false}/{@code null} their Java counterparts.
 * Malformed JSON (Gson's strict rules: no comments, no unquoted or single-quoted strings, no unescaped control
 * characters, no trailing commas), duplicate keys, trailing data and nesting deeper than {@value #MAX_DEPTH} are errors.
 */
public final class Json {
    /** Deepest nesting accepted, so that a hostile document cannot exhaust memory or the stack. */
    public static final int MAX_DEPTH = 64;

    /** How a written value is spaced. */
    public enum Spacing {
        /** No spaces: {@code {"a":[1,2]}}, as in safetensors headers. */
        COMPACT(FormattingStyle.COMPACT),
        /** A space after each comma and colon: {@code {"a": [1, 2]}}, for people and Keras-style dumps. */
        SPACED(FormattingStyle.COMPACT.withSpaceAfterSeparators(true)),
        /** Indented by two spaces, one member per line: files people open (evaluation.json, manifest.json). */
        PRETTY(FormattingStyle.PRETTY.withIndent("  "));

        private final FormattingStyle style;

        Spacing(FormattingStyle style) {
            this.style = style;
        }
    }

    private Json() {
    }

    /** Parses one JSON value; throws {@link IllegalArgumentException} naming the problem and where it is. */
    public static Object parse(String text) {
        JsonReader reader = new JsonReader(new StringReader(text));
        reader.setStrictness(Strictness.STRICT);
        try {
            Object value = value(reader, 0);
            if (reader.peek() != JsonToken.END_DOCUMENT) {
                throw error(reader, "unexpected data after the JSON value");
            }
            return value;
        } catch (IOException | IllegalStateException e) {
            // Gson's messages say what was expected and where ("Expected name at line 1 column 8 path $.a"); its advice
            // to parse leniently and its troubleshooting link are for programmers using Gson, not for tl4j's users
            String message = e.getMessage().lines().findFirst().orElse("")
                    .replace("Use JsonReader.setStrictness(Strictness.LENIENT) to accept malformed JSON", "not valid JSON");
            throw new IllegalArgumentException("malformed JSON: " + message, e);
        }
    }

    /**
     * Writes a value made of maps with string keys, collections, strings, integers, finite floating-point numbers,
     * booleans and nulls, compactly; throws {@link IllegalArgumentException} for anything else.
     */
    public static String write(Object value) {
        return write(value, Spacing.COMPACT);
    }

    /** Writes a value as {@link #write(Object)} does, with the given spacing. */
    public static String write(Object value, Spacing spacing) {
        StringWriter out = new StringWriter();
        try (JsonWriter writer = new JsonWriter(out)) {
            writer.setStrictness(Strictness.STRICT);
            writer.setFormattingStyle(spacing.style);
            writer.setSerializeNulls(true);
            write(value, writer);
        } catch (IOException e) {
            throw new UncheckedIOException(e);   // a StringWriter does not fail
        }
        return out.toString();
    }

    /** A JSON string literal (quotes, backslashes, control characters, U+2028 and U+2029 escaped). */
    public static String quote(String s) {
        return write(s);
    }

    private static Object value(JsonReader reader, int depth) throws IOException {
        JsonToken token = reader.peek();
        switch (token) {
            case BEGIN_OBJECT -> {
                checkDepth(reader, depth);
                Map<String, Object> object = new LinkedHashMap<>();
                reader.beginObject();
                while (reader.hasNext()) {
                    String key = reader.nextName();
                    if (object.containsKey(key)) {
                        throw error(reader, "duplicate key " + quote(key));
                    }
                    object.put(key, value(reader, depth + 1));
                }
                reader.endObject();
                return object;
            }
            case BEGIN_ARRAY -> {
                checkDepth(reader, depth);
                List<Object> array = new ArrayList<>();
                reader.beginArray();
                while (reader.hasNext()) {
                    array.add(value(reader, depth + 1));
                }
                reader.endArray();
                return array;
            }
            case STRING -> {
                return reader.nextString();
            }
            case NUMBER -> {
                return number(reader, reader.nextString());
            }
            case BOOLEAN -> {
                return reader.nextBoolean();
            }
            case NULL -> {
                reader.nextNull();
                return null;
            }
            default -> throw error(reader, "expected a value, found " + token);
        }
    }

    private static Object number(JsonReader reader, String literal) {
        boolean integer = literal.chars().allMatch(c -> c == '-' || c >= '0' && c <= '9');
        try {
            if (integer) {
                return Long.parseLong(literal);
            }
            double d = Double.parseDouble(literal);
            if (Double.isInfinite(d)) {
                throw error(reader, "number " + literal + " out of range");
            }
            return d;
        } catch (NumberFormatException e) {
            throw error(reader, "number " + literal + " out of range");
        }
    }

    private static void checkDepth(JsonReader reader, int depth) {
        if (depth >= MAX_DEPTH) {
            throw error(reader, "nesting deeper than " + MAX_DEPTH + " levels");
        }
    }

    private static IllegalArgumentException error(JsonReader reader, String problem) {
        return new IllegalArgumentException(problem + " " + reader.getPath().replaceFirst("^\\$", "at \\$")
                + locationOf(reader));
    }

    /** Gson's reader says where it is only in its toString ("JsonReader at line 1 column 8 path $.a"). */
    private static String locationOf(JsonReader reader) {
        String s = reader.toString();
        int at = s.indexOf(" at line ");
        int path = s.indexOf(" path ");
        return at < 0 ? "" : s.substring(at, path < 0 ? s.length() : path);
    }

    private static void write(Object value, JsonWriter out) throws IOException {
        if (value == null) {
            out.nullValue();
        } else if (value instanceof String s) {
            out.value(s);
        } else if (value instanceof Boolean b) {
            out.value(b);
        } else if (value instanceof Long || value instanceof Integer || value instanceof Short
                || value instanceof Byte) {
            out.value(((Number) value).longValue());
        } else if (value instanceof Double || value instanceof Float) {
            double d = ((Number) value).doubleValue();
            if (Double.isNaN(d) || Double.isInfinite(d)) {
                throw new IllegalArgumentException("JSON cannot hold " + d);
            }
            out.value(d);
        } else if (value instanceof Map<?, ?> map) {
            out.beginObject();
            for (Map.Entry<?, ?> e : map.entrySet()) {
                if (!(e.getKey() instanceof String key)) {
                    throw new IllegalArgumentException("JSON object keys must be strings, got " + e.getKey());
                }
                out.name(key);
                write(e.getValue(), out);
            }
            out.endObject();
        } else if (value instanceof Collection<?> items) {
            out.beginArray();
            for (Object item : items) {
                write(item, out);
            }
            out.endArray();
        } else {
            throw new IllegalArgumentException("cannot write " + value.getClass().getName() + " as JSON");
        }
    }
}
