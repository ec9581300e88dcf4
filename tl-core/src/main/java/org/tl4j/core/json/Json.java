package org.tl4j.core.json;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * tl4j's one JSON reader and writer (RFC 8259), small and strict, used for safetensors headers, layer tables, ONNX
 * metadata and the CLI's {@code --json} outputs. Objects become {@code LinkedHashMap<String, Object>} in document
 * order, arrays {@code List<Object>}, integers {@code Long}, other numbers {@code Double}, and
 * {@code true}/{@code false}/{@code null} their Java counterparts. Duplicate keys, trailing data, unescaped control
 * characters and nesting deeper than {@value #MAX_DEPTH} are errors.
 *
 * <p>Files that are read as configuration (manifests, evaluations) go through Typesafe Config instead
 * ({@link org.tl4j.core.run.JsonText}).
 */
public final class Json {
    /** Deepest nesting accepted, so that a hostile document cannot overflow the stack. */
    public static final int MAX_DEPTH = 64;

    /** How a written value is spaced. */
    public enum Spacing {
        /** No spaces: {@code {"a":[1,2]}}, as in safetensors headers. */
        COMPACT(",", ":"),
        /** A space after each comma and colon: {@code {"a": [1, 2]}}, for people and Keras-style dumps. */
        SPACED(", ", ": ");

        private final String comma;
        private final String colon;

        Spacing(String comma, String colon) {
            this.comma = comma;
            this.colon = colon;
        }
    }

    private final String text;
    private int pos;

    private Json(String text) {
        this.text = text;
    }

    /** Parses one JSON value; throws {@link IllegalArgumentException} naming the offset of the first error. */
    public static Object parse(String text) {
        Json p = new Json(text);
        p.skipWhitespace();
        Object value = p.value(0);
        p.skipWhitespace();
        if (p.pos != text.length()) {
            throw p.error("unexpected data after the JSON value");
        }
        return value;
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
        StringBuilder out = new StringBuilder();
        write(value, spacing, out);
        return out.toString();
    }

    /**
     * A JSON string literal: quotes and backslashes escaped, {@code \b \f \n \r \t} by name, other control
     * characters, U+2028, U+2029 and lone surrogates as hexadecimal escapes; everything else as it is.
     */
    public static String quote(String s) {
        StringBuilder out = new StringBuilder(s.length() + 2);
        quote(s, out);
        return out.toString();
    }

    private Object value(int depth) {
        if (depth > MAX_DEPTH) {
            throw error("nesting deeper than " + MAX_DEPTH + " levels");
        }
        if (pos >= text.length()) {
            throw error("unexpected end of input");
        }
        char c = text.charAt(pos);
        return switch (c) {
            case '{' -> object(depth);
            case '[' -> array(depth);
            case '"' -> string();
            case 't' -> literal("true", Boolean.TRUE);
            case 'f' -> literal("false", Boolean.FALSE);
            case 'n' -> literal("null", null);
            default -> {
                if (c == '-' || (c >= '0' && c <= '9')) {
                    yield number();
                }
                throw error("unexpected character '" + printable(c) + "'");
            }
        };
    }

    private Map<String, Object> object(int depth) {
        Map<String, Object> map = new LinkedHashMap<>();
        pos++;
        skipWhitespace();
        if (peek() == '}') {
            pos++;
            return map;
        }
        while (true) {
            skipWhitespace();
            if (peek() != '"') {
                throw error("expected a string key");
            }
            int keyAt = pos;
            String key = string();
            skipWhitespace();
            expect(':');
            skipWhitespace();
            Object v = value(depth + 1);
            if (map.containsKey(key)) {
                pos = keyAt;
                throw error("duplicate key \"" + key + "\"");
            }
            map.put(key, v);
            skipWhitespace();
            char c = next("',' or '}'");
            if (c == '}') {
                return map;
            }
            if (c != ',') {
                pos--;
                throw error("expected ',' or '}'");
            }
        }
    }

    private List<Object> array(int depth) {
        List<Object> list = new ArrayList<>();
        pos++;
        skipWhitespace();
        if (peek() == ']') {
            pos++;
            return list;
        }
        while (true) {
            skipWhitespace();
            list.add(value(depth + 1));
            skipWhitespace();
            char c = next("',' or ']'");
            if (c == ']') {
                return list;
            }
            if (c != ',') {
                pos--;
                throw error("expected ',' or ']'");
            }
        }
    }

    private String string() {
        pos++;
        StringBuilder sb = new StringBuilder();
        while (true) {
            char c = next("closing '\"'");
            if (c == '"') {
                return sb.toString();
            }
            if (c == '\\') {
                sb.append(escape());
            } else if (c < 0x20) {
                pos--;
                throw error("unescaped control character " + printable(c) + " in a string");
            } else {
                sb.append(c);
            }
        }
    }

    private char escape() {
        char e = next("an escape character");
        return switch (e) {
            case '"' -> '"';
            case '\\' -> '\\';
            case '/' -> '/';
            case 'b' -> '\b';
            case 'f' -> '\f';
            case 'n' -> '\n';
            case 'r' -> '\r';
            case 't' -> '\t';
            case 'u' -> unicode();
            default -> {
                pos--;
                throw error("invalid escape '\\" + printable(e) + "'");
            }
        };
    }

    private char unicode() {
        if (pos + 4 > text.length()) {
            throw error("incomplete \\u escape");
        }
        int v = 0;
        for (int i = 0; i < 4; i++) {
            int d = Character.digit(text.charAt(pos + i), 16);
            if (d < 0) {
                throw error("invalid \\u escape");
            }
            v = v * 16 + d;
        }
        pos += 4;
        return (char) v;
    }

    private Object number() {
        int start = pos;
        if (peek() == '-') {
            pos++;
        }
        if (peek() == '0') {
            pos++;
        } else if (isDigit(peek())) {
            digits();
        } else {
            throw error("invalid number");
        }
        boolean integral = true;
        if (peek() == '.') {
            integral = false;
            pos++;
            requireDigit();
            digits();
        }
        if (peek() == 'e' || peek() == 'E') {
            integral = false;
            pos++;
            if (peek() == '+' || peek() == '-') {
                pos++;
            }
            requireDigit();
            digits();
        }
        String s = text.substring(start, pos);
        if (integral) {
            try {
                return Long.parseLong(s);
            } catch (NumberFormatException e) {
                pos = start;
                throw error("integer " + s + " is out of range");
            }
        }
        return Double.parseDouble(s);
    }

    private void requireDigit() {
        if (!isDigit(peek())) {
            throw error("invalid number");
        }
    }

    private void digits() {
        while (isDigit(peek())) {
            pos++;
        }
    }

    private static boolean isDigit(int c) {
        return c >= '0' && c <= '9';
    }

    private Object literal(String word, Object value) {
        if (!text.startsWith(word, pos)) {
            throw error("invalid literal");
        }
        pos += word.length();
        return value;
    }

    private void skipWhitespace() {
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
                return;
            }
            pos++;
        }
    }

    private int peek() {
        return pos < text.length() ? text.charAt(pos) : -1;
    }

    private char next(String expected) {
        if (pos >= text.length()) {
            throw error("unexpected end of input, expected " + expected);
        }
        return text.charAt(pos++);
    }

    private void expect(char c) {
        if (peek() != c) {
            throw error("expected '" + c + "'");
        }
        pos++;
    }

    private IllegalArgumentException error(String problem) {
        return new IllegalArgumentException(problem + " at offset " + pos);
    }

    private static String printable(char c) {
        return c < 0x20 || c == 0x7f ? String.format("U+%04X", (int) c) : String.valueOf(c);
    }

    private static void write(Object value, Spacing spacing, StringBuilder out) {
        if (value == null) {
            out.append("null");
        } else if (value instanceof String s) {
            quote(s, out);
        } else if (value instanceof Boolean || value instanceof Long || value instanceof Integer
                || value instanceof Short || value instanceof Byte) {
            out.append(value);
        } else if (value instanceof Double || value instanceof Float) {
            double d = ((Number) value).doubleValue();
            if (Double.isNaN(d) || Double.isInfinite(d)) {
                throw new IllegalArgumentException("JSON cannot hold " + d);
            }
            out.append(d);
        } else if (value instanceof Map<?, ?> map) {
            out.append('{');
            boolean first = true;
            for (Map.Entry<?, ?> e : map.entrySet()) {
                if (!(e.getKey() instanceof String key)) {
                    throw new IllegalArgumentException("JSON object keys must be strings, got " + e.getKey());
                }
                if (!first) {
                    out.append(spacing.comma);
                }
                first = false;
                quote(key, out);
                out.append(spacing.colon);
                write(e.getValue(), spacing, out);
            }
            out.append('}');
        } else if (value instanceof Collection<?> items) {
            out.append('[');
            boolean first = true;
            for (Object item : items) {
                if (!first) {
                    out.append(spacing.comma);
                }
                first = false;
                write(item, spacing, out);
            }
            out.append(']');
        } else {
            throw new IllegalArgumentException("cannot write " + value.getClass().getName() + " as JSON");
        }
    }

    private static void quote(String s, StringBuilder out) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> {
                    if (c < 0x20 || c == '\u2028' || c == '\u2029'
                            || Character.isSurrogate(c) && !validSurrogateAt(s, i)) {
                        out.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }

    /** Whether the surrogate at {@code i} is half of a well-formed pair (lone halves are escaped, not mangled). */
    private static boolean validSurrogateAt(String s, int i) {
        char c = s.charAt(i);
        if (Character.isHighSurrogate(c)) {
            return i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1));
        }
        return i > 0 && Character.isHighSurrogate(s.charAt(i - 1));
    }
}
