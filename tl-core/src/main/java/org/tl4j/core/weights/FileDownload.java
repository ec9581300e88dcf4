package org.tl4j.core.weights;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.tl4j.api.TlException;
import org.tl4j.spi.WeightFile;

/**
 * A download that is not a weight file, such as the dataset archive of {@code tl data fetch}: the same transfer as
 * weights get (a temporary file beside the target, the byte count checked, an atomic rename), with failures that
 * name the thing fetched and its URL rather than a weight cache.
 */
public final class FileDownload {
    private static final Duration TIMEOUT = Duration.ofMinutes(10);

    private FileDownload() {
    }

    /**
     * Downloads {@code url} to {@code target}, creating its folder.
     *
     * @param what what is fetched, for messages, e.g. {@code dataset 'flowers'}
     * @throws TlException naming {@code what}, the URL, the reason and a command that fetches it by hand
     */
    public static void fetch(String what, String url, Path target, DownloadListener listener) {
        WeightFile file = new WeightFile(what, target.getFileName().toString(), url, null, null, -1);
        try {
            Files.createDirectories(target.toAbsolutePath().getParent());
            new Downloader(WeightResolver.defaultClient(), TIMEOUT, listener).download(file, target);
        } catch (IOException | RuntimeException e) {
            throw new TlException(what + " could not be downloaded from " + url + ": "
                    + WeightResolver.reason(e, url, TIMEOUT) + "\n  to fetch it by hand, run: curl -fL -o "
                    + WeightResolver.shell(target.toString()) + " " + WeightResolver.shell(url), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TlException(what + " was not downloaded: the download was interrupted", e);
        }
    }
}
