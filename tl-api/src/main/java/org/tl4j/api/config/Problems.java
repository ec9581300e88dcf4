package org.tl4j.api.config;

import com.typesafe.config.ConfigOrigin;
import java.util.ArrayList;
import java.util.List;
import org.apiguardian.api.API;
import org.tl4j.api.TlConfigException;

/** Collects configuration problems so that a user sees all of them at once, each with its origin. */
@API(status = API.Status.INTERNAL, since = "0.1")
public final class Problems {
    private final List<String> messages = new ArrayList<>();

    /** Records a problem at an origin (may be null when the value has none). */
    public void add(ConfigOrigin origin, String message) {
        messages.add(where(origin) + message);
    }

    public boolean isEmpty() {
        return messages.isEmpty();
    }

    public List<String> messages() {
        return List.copyOf(messages);
    }

    /** Throws a {@link TlConfigException} listing every problem, if there are any. */
    public void throwIfAny() {
        if (messages.isEmpty()) {
            return;
        }
        String text = messages.size() == 1 ? messages.get(0)
                : messages.size() + " configuration problems:\n  " + String.join("\n  ", messages);
        throw new TlConfigException(text);
    }

    /** {@code file:line: } for a file origin, the description otherwise. */
    public static String where(ConfigOrigin origin) {
        if (origin == null) {
            return "";
        }
        String file = origin.filename();
        String desc = origin.description();
        if ((file != null && file.endsWith("reference.conf")) || (file == null && desc.contains("reference.conf"))) {
            return "(default from reference.conf) ";
        }
        if (file != null) {
            return display(file) + (origin.lineNumber() > 0 ? ":" + origin.lineNumber() : "") + ": ";
        }
        int colon = desc.lastIndexOf(": ");
        if (colon > 0 && desc.substring(colon + 2).matches("\\d+")) {
            desc = desc.substring(0, colon);
        }
        return "(" + desc + ") ";
    }

    /** A file path relative to the working directory when it lies below it. */
    private static String display(String file) {
        try {
            java.nio.file.Path p = java.nio.file.Path.of(file).toAbsolutePath().normalize();
            java.nio.file.Path cwd = java.nio.file.Path.of("").toAbsolutePath();
            return p.startsWith(cwd) ? cwd.relativize(p).toString() : p.toString();
        } catch (RuntimeException e) {
            return file;
        }
    }
}
