package org.tl4j.api.data;

/**
 * The cache key of one image view's features.
 *
 * @param space       the {@link FeatureSpace#id()}
 * @param contentHash the SHA-256 of the image file's bytes
 * @param view        the view key ({@link FeatureSpace#viewKey})
 */
public record FeatureKey(String space, String contentHash, String view) {

    public FeatureKey {
        if (!space.matches("[0-9a-f]{1,64}") || !contentHash.matches("[0-9a-f]{16,128}")
                || !view.matches("[0-9a-zA-Z-]{1,64}")) {
            throw new IllegalArgumentException("malformed feature key " + space + "/" + contentHash + "/" + view);
        }
    }
}
