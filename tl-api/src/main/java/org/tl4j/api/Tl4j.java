package org.tl4j.api;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import org.apiguardian.api.API;

/** Facts about this build of tl4j. */
@API(status = API.Status.STABLE, since = "0.1")
public final class Tl4j {
    private Tl4j() {
    }

    /** The tl4j version, read from the build; {@code "dev"} when run from an IDE without resources. */
    public static String version() {
        try (InputStream in = Tl4j.class.getResourceAsStream("/org/tl4j/api/version.properties")) {
            if (in == null) {
                return "dev";
            }
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version", "dev");
        } catch (IOException e) {
            return "dev";
        }
    }
}
