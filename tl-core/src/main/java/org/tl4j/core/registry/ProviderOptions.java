package org.tl4j.core.registry;

import com.typesafe.config.Config;
import java.util.Set;
import java.util.TreeSet;
import org.tl4j.api.config.Problems;
import org.tl4j.api.config.RunConfig;
import org.tl4j.api.config.Suggest;
import org.tl4j.spi.Backbone;
import org.tl4j.spi.Backend;

/**
 * Checks the open {@code options {}} objects of a run config against the keys their providers declare
 * ({@link Backbone#optionKeys()}, {@link Backend#optionKeys()}): the config's own reference checks every other key,
 * and this closes the gap so that a misspelt provider option stops the run before any work, as a misspelt key does.
 */
public final class ProviderOptions {
    private ProviderOptions() {
    }

    /** Adds a problem for every key of {@code tl4j.backbone.options} and {@code tl4j.backend.options} not declared. */
    public static void check(RunConfig config, Backbone backbone, Backend backend, Problems problems) {
        if (backbone != null) {
            check(config.backbone().spec().options(), "tl4j.backbone.options", "backbone", backbone.id(),
                    backbone.optionKeys(), problems);
        }
        if (backend != null) {
            Config section = config.backend().options();
            if (section.hasPath("options")) {
                check(section.getConfig("options"), "tl4j.backend.options", "backend", backend.id(),
                        backend.optionKeys(), problems);
            }
        }
    }

    private static void check(Config options, String path, String kind, String id, Set<String> known,
            Problems problems) {
        for (String key : new TreeSet<>(options.root().keySet())) {
            if (!known.contains(key)) {
                problems.add(options.getValue(quoted(key)).origin(), path + "." + key + " is not an option of "
                        + kind + " `" + id + "`; " + (known.isEmpty() ? "it takes no options"
                        : "it knows " + new TreeSet<>(known) + Suggest.didYouMean(key, known)));
            }
        }
    }

    /** A single key as a config path, quoted when it holds characters a path would split on. */
    private static String quoted(String key) {
        return com.typesafe.config.ConfigUtil.joinPath(key);
    }
}
