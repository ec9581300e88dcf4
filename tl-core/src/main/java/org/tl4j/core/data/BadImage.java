package org.tl4j.core.data;

import java.nio.file.Path;

/**
 * An image that could not be used, and why: corrupt, truncated, empty, not an image, too large or unreadable.
 *
 * @param path   the file
 * @param reason one sentence for the user, e.g. {@code truncated: Premature end of JPEG file}
 */
public record BadImage(Path path, String reason) {

    @Override
    public String toString() {
        return path + ": " + reason;
    }
}
