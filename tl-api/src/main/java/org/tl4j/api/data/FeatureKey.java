package org.tl4j.api.data;

import java.util.regex.Pattern;

/**
 * The cache key of one image view's features.
 *
 * @param space       the {@link FeatureSpace#id()}
 * @param contentHash the SHA-256 of the image file's bytes
 * @param view        the view key ({@link FeatureSpace#viewKey})
 */
public record FeatureKey(String space, String contentHash, String view) {
    private static final Pattern SPACE = Pattern.compile("[0-9a-f]{1,64}");
    private static final Pattern HASH = Pattern.compile("[0-9a-f]{16,128}");
    private static final Pattern VIEW = Pattern.compile("[0-9a-zA-Z-]{1,64}");

    public FeatureKey {
        if (!SPACE.matcher(space).matches() || !HASH.matcher(contentHash).matches()
                || !VIEW.matcher(view).matches()) {
            throw new IllegalArgumentException("malformed feature key " + space + "/" + contentHash + "/" + view);
        }
    }
}
