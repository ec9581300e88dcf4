package org.tl4j.api.run;

import java.nio.file.Path;

/** Paths from config values: a leading {@code ~} is the home folder. */
final class Paths {
    private Paths() {
    }

    static Path expand(String p) {
        if (p.equals("~")) {
            return Path.of(System.getProperty("user.home"));
        }
        if (p.startsWith("~/")) {
            return Path.of(System.getProperty("user.home")).resolve(p.substring(2));
        }
        return Path.of(p);
    }
}
