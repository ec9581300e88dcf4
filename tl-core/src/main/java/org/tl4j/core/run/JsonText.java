package org.tl4j.core.run;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigValueFactory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.lang.reflect.RecordComponent;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.tl4j.api.TlException;
import org.tl4j.core.json.Json;

/**
 * Run outputs as JSON (through {@link Json}, tl4j's one JSON implementation): maps and lists of plain values written
 * in their insertion order, and JSON files read back as {@link Config}s, whose typed getters name a missing or
 * mistyped key.
 */
public final class JsonText {
    private JsonText() {
    }

    /** One line of JSON. */
    public static String line(Map<String, ?> value) {
        return Json.write(value);
    }

    /** Indented JSON, ending with a newline. */
    public static String pretty(Map<String, ?> value) {
        return Json.write(value, Json.Spacing.PRETTY) + "\n";
    }

    /**
     * A record as a JSON object: its components, by name, in declaration order (for records that mirror a JSON
     * section key for key, such as {@link Manifest.BackboneSection}).
     */
    public static Map<String, Object> members(Record record) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (RecordComponent c : record.getClass().getRecordComponents()) {
            try {
                m.put(c.getName(), c.getAccessor().invoke(record));
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("cannot read " + c + " of " + record.getClass().getName(), e);
            }
        }
        return m;
    }

    /** Parses a JSON file holding an object. */
    public static Config read(Path file) {
        try {
            return parse(Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException | IllegalArgumentException e) {
            throw new TlException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** Parses JSON text holding an object. */
    @SuppressWarnings("unchecked")
    public static Config parse(String json) {
        if (!(Json.parse(json) instanceof Map<?, ?> object)) {
            throw new IllegalArgumentException("expected a JSON object");
        }
        return ConfigValueFactory.fromMap((Map<String, ?>) object).toConfig();
    }

    /** A float as a double with its shortest decimal form (0.1f → 0.1, not 0.10000000149011612). */
    public static double clean(float f) {
        return Double.parseDouble(Float.toString(f));
    }
}
