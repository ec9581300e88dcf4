package org.tl4j.api.internal;

import java.nio.file.Path;
import org.apiguardian.api.API;

/** Paths from config values: a leading {@code ~} ({@code ~}, {@code ~/x}, {@code ~\x}) is the home folder. */
@API(status = API.Status.INTERNAL, since = "0.1")
public final class HomePaths {
    private HomePaths() {
    }

    /** {@code path} with a leading {@code ~} replaced by the user's home folder ({@code user.home}). */
    public static Path expand(String path) {
        return expand(path, Path.of(System.getProperty("user.home")));
    }

    /** {@code path} with a leading {@code ~} replaced by {@code home}; other paths as given. */
    public static Path expand(String path, Path home) {
        if (path.equals("~")) {
            return home;
        }
        if (path.startsWith("~/") || path.startsWith("~\\")) {
            return home.resolve(path.substring(2));
        }
        return Path.of(path);
    }
}
