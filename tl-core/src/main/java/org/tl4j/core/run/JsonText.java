package org.tl4j.core.run;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigSyntax;
import com.typesafe.config.ConfigValueFactory;
import java.nio.file.Path;
import java.util.Map;
import org.tl4j.api.TlException;

/**
 * JSON through Typesafe Config (already a dependency): maps and lists of plain values rendered with sorted keys, and
 * JSON files parsed into {@link Config}s.
 */
public final class JsonText {
    private JsonText() {
    }

    /** One line of JSON. */
    public static String line(Map<String, ?> value) {
        return ConfigValueFactory.fromMap(value).render(ConfigRenderOptions.concise());
    }

    /** Indented JSON. */
    public static String pretty(Map<String, ?> value) {
        return ConfigValueFactory.fromMap(value).render(ConfigRenderOptions.concise().setFormatted(true)) + "\n";
    }

    /** Parses a JSON file. */
    public static Config read(Path file) {
        try {
            return ConfigFactory.parseFile(file.toFile(), ConfigParseOptions.defaults().setSyntax(ConfigSyntax.JSON)
                    .setAllowMissing(false));
        } catch (ConfigException e) {
            throw new TlException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** A float as a double with its shortest decimal form (0.1f → 0.1, not 0.10000000149011612). */
    public static double clean(float f) {
        return Double.parseDouble(Float.toString(f));
    }
}
