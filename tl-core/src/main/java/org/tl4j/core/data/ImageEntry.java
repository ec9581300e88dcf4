package org.tl4j.core.data;

import java.nio.file.Path;

/**
 * One labelled image file of a {@link Dataset}.
 *
 * @param path  the file
 * @param name  the path relative to the dataset root with {@code /} separators, used for ordering, cache
 *              bookkeeping and reports
 * @param label the class index into {@link Dataset#labels()}
 */
public record ImageEntry(Path path, String name, int label) {
}
