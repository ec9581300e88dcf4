package org.tl4j.backend.tensorflow;

import java.util.HashSet;
import java.util.Set;

/**
 * Unique TensorFlow op and scope names from Keras names. Variables get names without {@code /} (a slash in a variable
 * name breaks optimizer slots in TensorFlow Java): {@code block_1_expand/kernel} becomes {@code block_1_expand_kernel}.
 */
final class Names {
    private final Set<String> used = new HashSet<>();

    /** A valid, not yet used name derived from {@code name}. */
    String unique(String name) {
        String base = sanitize(name);
        String candidate = base;
        for (int i = 2; !used.add(candidate); i++) {
            candidate = base + "_" + i;
        }
        return candidate;
    }

    /** Replaces every character TensorFlow does not accept in a scope name by {@code _}. */
    static String sanitize(String name) {
        String s = name.replaceAll("[^A-Za-z0-9_.\\-]", "_");
        return s.isEmpty() || !Character.isLetterOrDigit(s.charAt(0)) && s.charAt(0) != '.' ? "x" + s : s;
    }
}
