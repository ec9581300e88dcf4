package org.tl4j.api.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigIncludeContext;
import com.typesafe.config.ConfigIncluder;
import com.typesafe.config.ConfigIncluderFile;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigResolveOptions;
import com.typesafe.config.ConfigSyntax;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeSet;
import org.apiguardian.api.API;

/**
 * Reads a run's configuration: every module's {@code reference.conf} (defaults), then the run file, then
 * {@code -Dtl4j.…} system properties, then {@code --set key=value} overrides, each layer winning over the previous.
 * Unknown keys are refused with a suggestion; an empty object in a reference.conf ({@code options {}}) accepts any
 * keys below it, for provider-specific settings. A plain {@code include} that finds nothing, which HOCON skips
 * silently, is noted in {@link #warnings()}; {@code include required(…)} fails the load.
 */
@API(status = API.Status.INTERNAL, since = "0.1")
public final class ConfigLoader {
    private static final String ROOT = "tl4j";

    private final ClassLoader classLoader;
    private final List<String> warnings = new ArrayList<>();

    public ConfigLoader(ClassLoader classLoader) {
        this.classLoader = classLoader;
    }

    /** What the loads so far found that the user should know but that does not stop a run (a missing include). */
    public List<String> warnings() {
        return List.copyOf(warnings);
    }

    /** The merged defaults of every reference.conf visible to the class loader. */
    public Config reference() {
        return ConfigFactory.parseResourcesAnySyntax(classLoader, "reference.conf").resolve();
    }

    /**
     * Loads and checks a run file (may be null: defaults only) with overrides; returns the resolved config holding
     * the {@code tl4j} tree. Throws {@link org.tl4j.api.TlConfigException} listing every problem.
     */
    public Config load(Path file, List<String> sets, Properties systemProperties) {
        Problems problems = new Problems();
        Config user = ConfigFactory.empty();
        if (file != null) {
            user = parseFile(file);
        }
        user = sysProps(systemProperties).withFallback(user);
        for (String s : sets) {
            user = parseSet(s).withFallback(user); // later --set wins
        }
        Config reference = reference();
        checkKeys(user, reference, problems);
        problems.throwIfAny();
        try {
            return user.withFallback(reference)
                    .resolve(ConfigResolveOptions.defaults().setAllowUnresolved(false));
        } catch (ConfigException e) {
            throw new org.tl4j.api.TlConfigException(e.getMessage(), e);
        }
    }

    private Config parseFile(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new org.tl4j.api.TlConfigException("config file not found: " + file);
        }
        try {
            return ConfigFactory.parseFile(file.toFile(), ConfigParseOptions.defaults().setSyntax(ConfigSyntax.CONF)
                    .setAllowMissing(false).setIncluder(new MissingIncludes(file, null)));
        } catch (ConfigException e) {
            throw new org.tl4j.api.TlConfigException("cannot parse " + file + ": " + e.getMessage(), e);
        }
    }

    static Config parseSet(String assignment) {
        int eq = assignment.indexOf('=');
        if (eq <= 0) {
            throw new org.tl4j.api.TlConfigException("--set " + assignment + ": expected key=value, e.g. "
                    + "--set tl4j.trainer.epochs=5");
        }
        String key = assignment.substring(0, eq).trim();
        if (!key.startsWith(ROOT + ".")) {
            key = ROOT + "." + key;
        }
        try {
            com.typesafe.config.ConfigUtil.splitPath(key);
        } catch (ConfigException e) {
            throw new org.tl4j.api.TlConfigException("--set " + assignment + ": `" + assignment.substring(0, eq).trim()
                    + "` is not a key (" + e.getMessage().replaceFirst("^.*?: ", "") + "); keys are names joined by"
                    + " single dots, e.g. trainer.epochs", e);
        }
        String value = assignment.substring(eq + 1).trim();
        try {
            return ConfigFactory.parseString(key + " = " + value,
                    ConfigParseOptions.defaults().setOriginDescription("--set " + assignment));
        } catch (ConfigException e) {
            // not valid HOCON as a value: take it as a plain string
            return ConfigFactory.parseMap(Map.of(key, value), "--set " + assignment);
        }
    }

    private static Config sysProps(Properties props) {
        Config c = ConfigFactory.empty();
        if (props == null) {
            return c;
        }
        for (String name : props.stringPropertyNames()) {
            if (name.startsWith(ROOT + ".")) {
                String v = props.getProperty(name);
                c = ConfigFactory.parseString(name + " = " + quoteIfNeeded(v),
                        ConfigParseOptions.defaults().setOriginDescription("system property -D" + name)).withFallback(c);
            }
        }
        return c;
    }

    private static String quoteIfNeeded(String v) {
        try {
            ConfigFactory.parseString("x = " + v);
            return v;
        } catch (ConfigException e) {
            return com.typesafe.config.ConfigUtil.quoteString(v);
        }
    }

    /** Refuses keys of the user config that no reference.conf defines. */
    static void checkKeys(Config user, Config reference, Problems problems) {
        for (Map.Entry<String, ConfigValue> e : user.root().entrySet()) {
            if (!e.getKey().equals(ROOT)) {
                problems.add(e.getValue().origin(), "unknown top-level key `" + e.getKey()
                        + "`; tl4j settings live under `tl4j { … }`" + Suggest.didYouMean(e.getKey(), List.of(ROOT)));
                continue;
            }
            if (e.getValue() instanceof ConfigObject o && reference.hasPath(ROOT)) {
                walk(ROOT, o, reference.getObject(ROOT), problems);
            }
        }
    }

    private static void walk(String path, ConfigObject user, ConfigObject ref, Problems problems) {
        if (ref.isEmpty()) {
            return; // open object: provider-specific keys
        }
        for (Map.Entry<String, ConfigValue> e : user.entrySet()) {
            String key = e.getKey();
            String full = path + "." + quote(key);
            ConfigValue r = ref.get(key);
            if (r == null) {
                problems.add(e.getValue().origin(), "unknown key `" + path + "." + key + "`"
                        + Suggest.didYouMean(key, ref.keySet()) + " (known keys in " + path + ": "
                        + String.join(", ", new TreeSet<>(ref.keySet())) + ")");
                continue;
            }
            if (e.getValue() instanceof ConfigObject uo) {
                if (r instanceof ConfigObject ro) {
                    walk(full, uo, ro, problems);
                } else if (r.valueType() != ConfigValueType.NULL) {
                    problems.add(e.getValue().origin(), "`" + path + "." + key + "` must be a "
                            + r.valueType().name().toLowerCase(java.util.Locale.ROOT) + ", not an object");
                }
            } else if (r instanceof ConfigObject && e.getValue().valueType() != ConfigValueType.NULL
                    && !((ConfigObject) r).isEmpty()) {
                problems.add(e.getValue().origin(), "`" + path + "." + key + "` is a section ({ … }), got "
                        + e.getValue().render());
            }
        }
    }

    private static String quote(String key) {
        return com.typesafe.config.ConfigUtil.joinPath(key);
    }

    /**
     * HOCON's own includer, noting each plain {@code include} that found nothing: HOCON skips such an include without a
     * word, so that a misspelt file name would quietly drop its settings. {@code include required(…)} already fails.
     */
    private final class MissingIncludes implements ConfigIncluder, ConfigIncluderFile {
        private final Path runFile;
        private final ConfigIncluder fallback;

        MissingIncludes(Path runFile, ConfigIncluder fallback) {
            this.runFile = runFile;
            this.fallback = fallback;
        }

        @Override
        public ConfigIncluder withFallback(ConfigIncluder other) {
            return other == fallback ? this : new MissingIncludes(runFile, other);
        }

        @Override
        public ConfigObject include(ConfigIncludeContext context, String what) {
            ConfigObject found = fallback.include(context, what);
            if (found.isEmpty() && context.parseOptions().getAllowMissing()) {
                checkFound(() -> fallback.include(required(context), what), "\"" + what + "\"");
            }
            return found;
        }

        @Override
        public ConfigObject includeFile(ConfigIncludeContext context, File what) {
            ConfigIncluderFile files = (ConfigIncluderFile) fallback;
            ConfigObject found = files.includeFile(context, what);
            if (found.isEmpty() && context.parseOptions().getAllowMissing()) {
                checkFound(() -> files.includeFile(required(context), what), "file(\"" + what + "\")");
            }
            return found;
        }

        private static ConfigIncludeContext required(ConfigIncludeContext context) {
            return context.setParseOptions(context.parseOptions().setAllowMissing(false));
        }

        /** An empty result is either an empty file or nothing found: asked again as required, nothing found fails. */
        private void checkFound(Runnable includeAsRequired, String what) {
            try {
                includeAsRequired.run();
            } catch (ConfigException.IO e) {
                warnings.add(runFile + ": include " + what + " found nothing, so HOCON skips it; check the name (a "
                        + "relative name is looked for beside the including file and on the class path), or write "
                        + "include required(" + what + ") to make a missing "
                        + "file an error");
            }
        }
    }

    /** Every leaf of the tl4j tree as {@code key = value  # origin}, sorted, for {@code tl config}. */
    public static List<String> describe(Config resolved) {
        List<String> lines = new ArrayList<>();
        if (!resolved.hasPath(ROOT)) {
            return lines;
        }
        Config t = resolved.getConfig(ROOT);
        List<String> keys = new ArrayList<>();
        collect("", t.root(), keys);
        keys.sort(null);
        for (String k : keys) {
            ConfigValue v = t.hasPath(k) ? t.getValue(k) : null;
            String rendered = v == null ? "null" : v.render(com.typesafe.config.ConfigRenderOptions.concise());
            String origin = v == null ? "" : Problems.where(v.origin()).trim();
            if (origin.endsWith(":")) {
                origin = origin.substring(0, origin.length() - 1);
            }
            lines.add(ROOT + "." + k + " = " + rendered + (origin.isEmpty() ? "" : "   # " + origin));
        }
        return lines;
    }

    private static void collect(String prefix, ConfigObject o, List<String> out) {
        for (Map.Entry<String, ConfigValue> e : o.entrySet()) {
            String k = prefix.isEmpty() ? quote(e.getKey()) : prefix + "." + quote(e.getKey());
            if (e.getValue() instanceof ConfigObject c && !c.isEmpty()) {
                collect(k, c, out);
            } else {
                out.add(k);
            }
        }
    }
}
