package org.tl4j.api.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException.Missing;
import com.typesafe.config.ConfigException.WrongType;
import com.typesafe.config.ConfigOrigin;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import org.apiguardian.api.API;

/**
 * Typed, validated access to one config subtree (e.g. {@code tl4j.trainer}) for tl4j and its plugins. Every failed
 * check is recorded in {@link Problems} with the full key, the offending value, its origin and what is allowed;
 * the getter then returns a harmless fallback so that all problems are reported together.
 */
@API(status = API.Status.STABLE, since = "0.1")
public final class Options {
    private final Config config;
    private final String prefix;
    private final Problems problems;

    public Options(Config config, String prefix, Problems problems) {
        this.config = config;
        this.prefix = prefix;
        this.problems = problems;
    }

    /** Options of a child subtree. */
    public Options child(String path) {
        Config sub = config.hasPath(path) ? config.getConfig(path) : config.atKey("__none__").withoutPath("__none__");
        return new Options(sub, full(path), problems);
    }

    public Config config() {
        return config;
    }

    public Problems problems() {
        return problems;
    }

    /** The fully qualified key, e.g. {@code tl4j.trainer.epochs}. */
    public String full(String path) {
        return prefix.isEmpty() ? path : prefix + "." + path;
    }

    public boolean isSet(String path) {
        return config.hasPath(path);
    }

    /** A required string. */
    public String string(String path) {
        try {
            return config.getString(path);
        } catch (Missing e) {
            missing(path, "a string");
        } catch (WrongType e) {
            wrong(path, "a string");
        }
        return "";
    }

    /** A string that may be null or absent. */
    public String stringOrNull(String path) {
        if (!config.hasPath(path)) {
            return null;
        }
        return string(path);
    }

    /** A string from a fixed set of values (compared case-insensitively, returned lower-case). */
    public String oneOf(String path, Collection<String> allowed) {
        String v = string(path);
        String lower = v.toLowerCase(Locale.ROOT);
        if (!allowed.contains(lower)) {
            problems.add(origin(path), full(path) + " = " + quote(v) + " is not allowed; use one of "
                    + String.join(", ", allowed) + Suggest.didYouMean(lower, allowed));
        }
        return lower;
    }

    /**
     * A constant of an enum, named in the config by {@code id} (compared case-insensitively): parsed here, once, so
     * that the rest of tl4j sees only the constant. The problem for any other value lists every id.
     */
    public <E extends Enum<E>> E oneOf(String path, Class<E> type, Function<E, String> id) {
        E[] constants = type.getEnumConstants();
        String value = oneOf(path, Arrays.stream(constants).map(id).toList());
        return Arrays.stream(constants).filter(c -> id.apply(c).equals(value)).findFirst().orElse(constants[0]);
    }

    /** An integer in [min, max]. */
    public int intIn(String path, int min, int max) {
        int v;
        try {
            v = config.getInt(path);
        } catch (Missing e) {
            missing(path, "an integer");
            return min;
        } catch (WrongType e) {
            wrong(path, "an integer");
            return min;
        }
        if (v < min || v > max) {
            problems.add(origin(path), full(path) + " = " + v + " is out of range; allowed: " + range(min, max));
            return min;
        }
        return v;
    }

    /** A long, any value. */
    public long longValue(String path) {
        try {
            return config.getLong(path);
        } catch (Missing e) {
            missing(path, "an integer");
        } catch (WrongType e) {
            wrong(path, "an integer");
        }
        return 0;
    }

    /** A number in [min, max]; with {@code minExclusive} the lower bound itself is refused. */
    public double doubleIn(String path, double min, double max, Bound lower) {
        double v;
        try {
            v = config.getDouble(path);
        } catch (Missing e) {
            missing(path, "a number");
            return max;
        } catch (WrongType e) {
            wrong(path, "a number");
            return max;
        }
        boolean low = lower == Bound.EXCLUSIVE ? v <= min : v < min;
        if (low || v > max || Double.isNaN(v)) {
            String lo = (lower == Bound.EXCLUSIVE ? "> " : "≥ ") + fmt(min);
            String hi = Double.isInfinite(max) ? "" : " and ≤ " + fmt(max);
            problems.add(origin(path), full(path) + " = " + fmt(v) + " is out of range; allowed: a number " + lo + hi);
            return max;
        }
        return v;
    }

    /** A boolean. */
    public boolean bool(String path) {
        try {
            return config.getBoolean(path);
        } catch (Missing e) {
            missing(path, "true or false");
        } catch (WrongType e) {
            wrong(path, "true or false");
        }
        return false;
    }

    /** A list of integers, each in [min, max], of length in [minLen, maxLen]. */
    public List<Integer> ints(String path, int minLen, int maxLen, int min, int max) {
        List<Integer> out = new ArrayList<>();
        try {
            out.addAll(config.getIntList(path));
        } catch (Missing e) {
            missing(path, "a list of integers");
            return out;
        } catch (WrongType e) {
            if (config.getValue(path).valueType() == ConfigValueType.NUMBER) {
                out.add(config.getInt(path));
            } else {
                wrong(path, "a list of integers, e.g. [160, 160]");
                return out;
            }
        }
        if (out.size() < minLen || out.size() > maxLen) {
            problems.add(origin(path), full(path) + " = " + out + " has " + out.size() + " entries; allowed: "
                    + (minLen == maxLen ? minLen : minLen + " to " + maxLen));
        }
        for (int v : out) {
            if (v < min || v > max) {
                problems.add(origin(path), full(path) + " = " + out + " contains " + v + "; allowed entries: "
                        + range(min, max));
                break;
            }
        }
        return out;
    }

    /** Where a value came from, or null. */
    public ConfigOrigin origin(String path) {
        if (config.hasPathOrNull(path)) {
            ConfigValue v = config.hasPath(path) ? config.getValue(path) : null;
            return v == null ? config.origin() : v.origin();
        }
        return config.origin();
    }

    /** Records a custom problem for a key. */
    public void problem(String path, String message) {
        problems.add(origin(path), full(path) + ": " + message);
    }

    private void missing(String path, String what) {
        problems.add(origin(path), full(path) + " is required; set it to " + what);
    }

    private void wrong(String path, String what) {
        ConfigValue v = config.getValue(path);
        problems.add(v.origin(), full(path) + " = " + v.render() + " has the wrong type; expected " + what);
    }

    private static String range(int min, int max) {
        return max == Integer.MAX_VALUE ? "an integer ≥ " + min : "an integer from " + min + " to " + max;
    }

    private static String quote(String s) {
        return "\"" + s + "\"";
    }

    static String fmt(double d) {
        return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d);
    }

    /** Whether a lower bound admits its own value. */
    public enum Bound {
        INCLUSIVE, EXCLUSIVE
    }
}
