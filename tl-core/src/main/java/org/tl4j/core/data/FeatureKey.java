package org.tl4j.core.data;

/**
 * The cache key of one image view's features.
 *
 * @param space       the {@link FeatureSpace#id()}
 * @param contentHash the SHA-256 of the image file's bytes
 * @param view        the view key ({@link FeatureSpace#viewKey})
 */
public record FeatureKey(String space, String contentHash, String view) {

    public FeatureKey {
        if (!matches(space, 1, 64, false) || !matches(contentHash, 16, 128, false) || !matches(view, 1, 64, true)) {
            throw new IllegalArgumentException("malformed feature key " + space + "/" + contentHash + "/" + view);
        }
    }

    /** Whether {@code s} has {@code min..max} characters of [0-9a-f], or of [0-9a-zA-Z-] when {@code word}. */
    private static boolean matches(String s, int min, int max, boolean word) {
        if (s == null || s.length() < min || s.length() > max) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean ok = c >= '0' && c <= '9' || c >= 'a' && c <= 'f'
                    || word && (c >= 'g' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '-');
            if (!ok) {
                return false;
            }
        }
        return true;
    }
}
