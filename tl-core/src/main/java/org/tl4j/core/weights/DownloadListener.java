package org.tl4j.core.weights;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows a weight download, e.g. to draw a progress bar. {@link #progress} is called after every block received
 * (often, so draw sparingly); the other callbacks are optional. Callbacks run on the downloading thread.
 */
@FunctionalInterface
public interface DownloadListener {

    /** Called once before the first byte, with the total size in bytes or {@code -1} when unknown. */
    default void started(String fileName, String url, long totalBytes) {
    }

    /** Called as bytes arrive: the number received so far and the total ({@code -1} when unknown). */
    void progress(long bytes, long totalBytes);

    /** Called once when the file is complete, checked and in place. */
    default void finished(long bytes) {
    }

    /** Called once when the download fails, before the error is thrown; nothing is left in the cache. */
    default void failed(String reason) {
    }

    /** A listener that does nothing. */
    static DownloadListener none() {
        return (bytes, total) -> {
        };
    }

    /**
     * The default listener: one SLF4J INFO line at the start and the end (and every 25 % at DEBUG), nothing written
     * to the console by tl4j itself.
     */
    static DownloadListener logging() {
        return new DownloadListener() {
            private final Logger log = LoggerFactory.getLogger(DownloadListener.class);
            private int lastQuarter;

            @Override
            public void started(String fileName, String url, long totalBytes) {
                lastQuarter = 0;
                log.info("downloading {} from {}{}", fileName, url,
                        totalBytes >= 0 ? " (" + totalBytes + " bytes)" : "");
            }

            @Override
            public void progress(long bytes, long totalBytes) {
                if (totalBytes > 0) {
                    int quarter = (int) (4 * bytes / totalBytes);
                    if (quarter > lastQuarter) {
                        lastQuarter = quarter;
                        log.debug("downloaded {} of {} bytes", bytes, totalBytes);
                    }
                }
            }

            @Override
            public void finished(long bytes) {
                log.info("download complete ({} bytes)", bytes);
            }

            @Override
            public void failed(String reason) {
                log.warn("download failed: {}", reason);
            }
        };
    }
}
