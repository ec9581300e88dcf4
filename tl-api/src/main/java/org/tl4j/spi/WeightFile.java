package org.tl4j.spi;

import java.util.Optional;
import org.apiguardian.api.API;

/**
 * One published weight file of a backbone, e.g. the Keras ImageNet no-top file of MobileNetV2 α=1.0 at 160.
 *
 * @param id            the config id, e.g. {@code imagenet}
 * @param fileName      the file name in caches ({@code ~/.tl4j/weights}, {@code ~/.keras/models})
 * @param url           where to download it
 * @param hashAlgorithm {@code md5} or {@code sha256}, or null when the publisher gives no hash
 * @param hash          the expected hex digest, or null
 * @param size          expected size in bytes, or -1 when unknown
 */
@API(status = API.Status.STABLE, since = "0.1")
public record WeightFile(String id, String fileName, String url, String hashAlgorithm, String hash, long size) {

    public Optional<String> knownHash() {
        return Optional.ofNullable(hash);
    }
}
